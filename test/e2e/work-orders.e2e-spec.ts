import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role, newId } from '@service-desk/core';
import { WorkOrderMonitorJob } from '@service-desk/dispatch';
import { asOwner, errorCode, FIXTURE_PASSWORD, loginToken } from '@service-desk/testing';
import { type ApiHarness, startApi } from '../support/api.js';

type Tenant = Awaited<ReturnType<ApiHarness['tenant']>>;
const FIELDS =
  'id number state assigneeId zoneId priority queued declineCount lastDeclineReason completionReport';

describe('work orders', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  /** A zone made directly in the database (zones have their own API; this keeps the test about work orders). */
  const zone = async (t: Tenant, name = 'Building A') => {
    const id = newId();
    await asOwner(t.tenantId, (client) =>
      client.query(`INSERT INTO zones (tenant_id, id, name, responsible_id) VALUES ($1, $2, $3, $4)`, [
        t.tenantId,
        id,
        name,
        t.users.SUPERVISOR.id,
      ]),
    );
    return id;
  };
  const mutate = (name: string, input: Record<string, unknown>, token: string) => {
    const type =
      name === 'acceptWorkOrder' || name === 'startWorkOrder' || name === 'closeWorkOrder'
        ? 'WorkOrderIdInput'
        : `${name[0].toUpperCase()}${name.slice(1)}Input`;
    return api.gql(`mutation($input: ${type}!) { ${name}(input: $input) { ${FIELDS} } }`, { input }, token);
  };
  const create = async (t: Tenant, zoneId: string, extra: Record<string, unknown> = {}) => {
    const result = await mutate(
      'createWorkOrder',
      {
        source: 'CALL',
        zoneId,
        location: 'A-3-201 kitchen',
        priority: 'P2',
        description: '厨房水管漏水 Kitchen pipe leaking',
        ...extra,
      },
      await t.token(Role.AGENT),
    );
    if (!result.data) throw new Error(JSON.stringify(result.errors));
    return result.data.createWorkOrder;
  };
  const events = (t: Tenant, id: string) =>
    asOwner(
      t.tenantId,
      async (client) =>
        (
          await client.query(
            `SELECT type, data FROM tenant_events WHERE tenant_id = $1 AND entity_id = $2 ORDER BY seq`,
            [t.tenantId, id],
          )
        ).rows,
    );

  it('goes from dispatch to the front desk closing it, with an event for every step', async () => {
    const t = await api.tenant();
    const zoneId = await zone(t);
    const field = await t.token(Role.FIELD_STAFF);
    const order = await create(t, zoneId);
    expect(order).toMatchObject({ state: 'OPEN', assigneeId: null, priority: 'P2' });
    const assigned = await mutate(
      'assignWorkOrder',
      { workOrderId: order.id, assigneeId: t.users.FIELD_STAFF.id },
      await t.token(Role.AGENT),
    );
    expect(assigned.data?.assignWorkOrder).toMatchObject({
      state: 'ASSIGNED',
      assigneeId: t.users.FIELD_STAFF.id,
    });
    expect(
      (await mutate('acceptWorkOrder', { workOrderId: order.id }, field)).data?.acceptWorkOrder.state,
    ).toBe('ACCEPTED');
    expect(
      (await mutate('startWorkOrder', { workOrderId: order.id }, field)).data?.startWorkOrder.state,
    ).toBe('IN_PROGRESS');
    const done = await mutate(
      'completeWorkOrder',
      { workOrderId: order.id, report: '更换了阀门 Replaced the valve' },
      field,
    );
    expect(done.data?.completeWorkOrder).toMatchObject({
      state: 'DONE',
      completionReport: '更换了阀门 Replaced the valve',
    });
    expect(errorCode(await mutate('closeWorkOrder', { workOrderId: order.id }, field))).toBe('FORBIDDEN');
    expect(
      (await mutate('closeWorkOrder', { workOrderId: order.id }, await t.token(Role.AGENT))).data
        ?.closeWorkOrder.state,
    ).toBe('CLOSED');
    const log = await events(t, order.id);
    expect(log.map((e) => e.type)).toEqual([
      'workorder.created',
      'workorder.assigned',
      'workorder.accepted',
      'workorder.started',
      'workorder.completed',
      'workorder.closed',
    ]);
    // Routing data for the live feed, and nothing about the customer.
    expect(log[1].data).toMatchObject({ zoneId, assigneeId: t.users.FIELD_STAFF.id, state: 'ASSIGNED' });
  });

  it('a decline returns the order to OPEN with the reason; only the assignee does field steps', async () => {
    const t = await api.tenant();
    const zoneId = await zone(t);
    const order = await create(t, zoneId, { assigneeId: t.users.FIELD_STAFF.id });
    expect(order.state).toBe('ASSIGNED');
    expect(
      errorCode(await mutate('acceptWorkOrder', { workOrderId: order.id }, await t.token(Role.AGENT))),
    ).toBe('FORBIDDEN');
    expect(
      errorCode(await mutate('startWorkOrder', { workOrderId: order.id }, await t.token(Role.FIELD_STAFF))),
    ).toBe('INVALID_TRANSITION');
    const declined = await mutate(
      'declineWorkOrder',
      { workOrderId: order.id, reason: '不在我的区域 Not my zone' },
      await t.token(Role.FIELD_STAFF),
    );
    expect(declined.data?.declineWorkOrder).toMatchObject({
      state: 'OPEN',
      assigneeId: null,
      declineCount: 1,
      lastDeclineReason: '不在我的区域 Not my zone',
    });
    const toAgent = await mutate(
      'assignWorkOrder',
      { workOrderId: order.id, assigneeId: t.users.AGENT.id },
      await t.token(Role.SUPERVISOR),
    );
    expect(errorCode(toAgent)).toBe('BAD_USER_INPUT');
    expect(
      errorCode(
        await mutate(
          'assignWorkOrder',
          { workOrderId: order.id, assigneeId: t.users.AGENT.id },
          await t.token(Role.FIELD_STAFF),
        ),
      ),
    ).toBe('FORBIDDEN');
  });

  it('shows on the complaint it serves, and on its timeline', async () => {
    const t = await api.tenant();
    const zoneId = await zone(t);
    const complaint = await api.gql(
      'mutation($input: SubmitComplaintInput!) { submitComplaint(input: $input) { id } }',
      {
        input: {
          contactName: '住户',
          channel: 'PHONE',
          category: 'MANAGEMENT',
          title: '楼道灯坏了',
          description: 'Hallway light broken',
        },
      },
      await t.token(Role.AGENT),
    );
    const complaintId = complaint.data?.submitComplaint.id;
    expect(
      errorCode(
        await mutate(
          'createWorkOrder',
          { source: 'COMPLAINT', zoneId, location: 'A hall', priority: 'P3', description: 'x' },
          await t.token(Role.AGENT),
        ),
      ),
    ).toBe('BAD_USER_INPUT');
    const order = await create(t, zoneId, { source: 'COMPLAINT', complaintId });
    const view = await api.gql(
      'query($id: ID!) { complaint(id: $id) { workOrders { id number state } timeline { type } } }',
      { id: complaintId },
      await t.token(Role.AGENT),
    );
    expect(view.data?.complaint.workOrders).toEqual([{ id: order.id, number: order.number, state: 'OPEN' }]);
    expect(view.data?.complaint.timeline.map((e: { type: string }) => e.type)).toEqual([
      'complaint.submitted',
      'workorder.created',
    ]);
    const orderView = await api.gql(
      'query($id: ID!) { workOrder(id: $id) { complaintId timeline { type entity { kind id } } } }',
      { id: order.id },
      await t.token(Role.AGENT),
    );
    expect(orderView.errors).toBeUndefined();
    expect(orderView.data?.workOrder.complaintId).toBe(complaintId);
    expect(orderView.data?.workOrder.timeline.map((e: { type: string }) => e.type)).toEqual([
      'complaint.submitted',
      'workorder.created',
    ]);
  });

  it('of 20 field staff taking one open order at once, exactly one wins; the rest get CONFLICT', async () => {
    const t = await api.tenant();
    const zoneId = await zone(t);
    const owner = await t.token(Role.OWNER);
    const emails: string[] = [];
    for (let i = 0; i < 20; i++) {
      const email = `field-${i}-${t.slug}@fixture.test`;
      const created = await api.gql(
        'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }',
        { input: { email, displayName: `Field ${i}`, role: 'FIELD_STAFF', password: FIXTURE_PASSWORD } },
        owner,
      );
      expect(created.errors).toBeUndefined();
      emails.push(email);
    }
    const tokens = await Promise.all(emails.map((email) => loginToken(api.url, email, FIXTURE_PASSWORD)));
    const order = await create(t, zoneId);
    const results = await Promise.all(
      tokens.map((token) => mutate('acceptWorkOrder', { workOrderId: order.id }, token)),
    );
    const winners = results.filter((r) => r.data?.acceptWorkOrder.state === 'ACCEPTED');
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => errorCode(r) === 'CONFLICT')).toHaveLength(19);
    const accepted = (await events(t, order.id)).filter((e) => e.type === 'workorder.accepted');
    expect(accepted).toHaveLength(1);
    expect(accepted[0].data.assigneeId).toBe(winners[0].data?.acceptWorkOrder.assigneeId);
  });

  it('field staff see their own and open orders only; the front desk sees all', async () => {
    const t = await api.tenant();
    const zoneId = await zone(t);
    const open = await create(t, zoneId);
    const mine = await create(t, zoneId, { assigneeId: t.users.FIELD_STAFF.id });
    const owner = await t.token(Role.OWNER);
    const other = await api.gql(
      'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }',
      {
        input: {
          email: `other-${t.slug}@fixture.test`,
          displayName: 'Other',
          role: 'FIELD_STAFF',
          password: FIXTURE_PASSWORD,
        },
      },
      owner,
    );
    const theirs = await create(t, zoneId, { assigneeId: other.data?.createUser.id });
    const field = await t.token(Role.FIELD_STAFF);
    const seen = await api.gql('{ workOrders(first: 50) { edges { node { id } } } }', {}, field);
    expect(seen.data?.workOrders.edges.map((e: { node: { id: string } }) => e.node.id).sort()).toEqual(
      [open.id, mine.id].sort(),
    );
    expect(
      errorCode(await api.gql('query($id: ID!) { workOrder(id: $id) { id } }', { id: theirs.id }, field)),
    ).toBe('NOT_FOUND');
    const all = await api.gql(
      '{ workOrders(first: 50) { edges { node { id } } } }',
      {},
      await t.token(Role.AGENT),
    );
    expect(all.data?.workOrders.edges).toHaveLength(3);
  });

  it('cancels open work and refuses to cancel finished work', async () => {
    const t = await api.tenant();
    const zoneId = await zone(t);
    const order = await create(t, zoneId, { assigneeId: t.users.FIELD_STAFF.id });
    const cancelled = await api.gql(
      'mutation($input: CancelWorkOrderInput!) { cancelWorkOrder(input: $input) { state cancelReason } }',
      { input: { workOrderId: order.id, reason: 'Resident fixed it' } },
      await t.token(Role.AGENT),
    );
    expect(cancelled.data?.cancelWorkOrder).toEqual({
      state: 'CANCELLED',
      cancelReason: 'Resident fixed it',
    });
    const again = await api.gql(
      'mutation($input: CancelWorkOrderInput!) { cancelWorkOrder(input: $input) { state } }',
      { input: { workOrderId: order.id, reason: 'x' } },
      await t.token(Role.AGENT),
    );
    expect(errorCode(again)).toBe('INVALID_TRANSITION');
  });

  it('the monitor turns missed accept and on-site targets into sla.breached once', async () => {
    const t = await api.tenant();
    const zoneId = await zone(t);
    const order = await create(t, zoneId, { priority: 'P1' });
    await asOwner(t.tenantId, (client) =>
      client.query(
        `UPDATE work_orders SET accept_due_at = now() - interval '1 minute', onsite_due_at = now() - interval '1 minute' WHERE tenant_id = $1 AND id = $2`,
        [t.tenantId, order.id],
      ),
    );
    const monitor = api.app.get(WorkOrderMonitorJob, { strict: false });
    const results = await Promise.all([monitor.run(t.tenantId), monitor.run(t.tenantId)]);
    expect(results.reduce((sum, r) => sum + r.acceptBreaches, 0)).toBe(1);
    expect(results.reduce((sum, r) => sum + r.onsiteBreaches, 0)).toBe(1);
    const breaches = (await events(t, order.id))
      .filter((e) => e.type === 'sla.breached')
      .map((e) => e.data.clock)
      .sort();
    expect(breaches).toEqual(['ACCEPT', 'ONSITE']);
  });

  it("answers NOT_FOUND for another tenant's zone, complaint or assignee", async () => {
    const [a, b] = await Promise.all([api.tenant(), api.tenant()]);
    const zoneA = await zone(a);
    const zoneB = await zone(b);
    const agentB = await b.token(Role.AGENT);
    expect(
      errorCode(
        await mutate(
          'createWorkOrder',
          { source: 'CALL', zoneId: zoneA, location: 'x', priority: 'P3', description: 'x' },
          agentB,
        ),
      ),
    ).toBe('NOT_FOUND');
    expect(
      errorCode(
        await mutate(
          'createWorkOrder',
          {
            source: 'CALL',
            zoneId: zoneB,
            location: 'x',
            priority: 'P3',
            description: 'x',
            assigneeId: a.users.FIELD_STAFF.id,
          },
          agentB,
        ),
      ),
    ).toBe('NOT_FOUND');
    const orderA = await create(a, zoneA);
    expect(
      errorCode(
        await mutate(
          'assignWorkOrder',
          { workOrderId: orderA.id, assigneeId: b.users.FIELD_STAFF.id },
          agentB,
        ),
      ),
    ).toBe('NOT_FOUND');
  });
});
