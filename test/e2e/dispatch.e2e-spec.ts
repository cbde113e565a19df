import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '@service-desk/core';
import { DispatchBoardService, WorkOrderMonitorJob } from '@service-desk/dispatch';
import { asOwner, errorCode, FIXTURE_PASSWORD, loginToken } from '@service-desk/testing';
import { type ApiHarness, startApi } from '../support/api.js';

type Tenant = Awaited<ReturnType<ApiHarness['tenant']>>;
const TIME_ZONE = 'Asia/Shanghai'; // the fixture tenants' zone

/** Local date and HH:MM of an instant in the tenant zone. */
function local(instant: Date): { date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: TIME_ZONE,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

describe('dispatch: auto-dispatch, the board and the briefing', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  /** A field shift covering now (started an hour ago, ends in two), dated the local day it starts. */
  const shiftNow = async (t: Tenant, name: string) => {
    const start = local(new Date(Date.now() - 3_600_000));
    const end = local(new Date(Date.now() + 2 * 3_600_000));
    const shift = await api.gql(
      'mutation($input: CreateShiftInput!) { createShift(input: $input) { id } }',
      { input: { name, team: 'FIELD', start: start.time, end: end.time } },
      await t.token(Role.OWNER),
    );
    if (!shift.data) throw new Error(JSON.stringify(shift.errors));
    return { id: shift.data.createShift.id as string, date: start.date };
  };
  /** A field shift that is not on now (started 6 hours ago, ended 2 hours ago). */
  const shiftEarlier = async (t: Tenant) => {
    const start = local(new Date(Date.now() - 6 * 3_600_000));
    const end = local(new Date(Date.now() - 2 * 3_600_000));
    const shift = await api.gql(
      'mutation($input: CreateShiftInput!) { createShift(input: $input) { id } }',
      { input: { name: 'Earlier', team: 'FIELD', start: start.time, end: end.time } },
      await t.token(Role.OWNER),
    );
    return { id: shift.data?.createShift.id as string, date: start.date };
  };
  const zone = async (t: Tenant, name: string) => {
    const created = await api.gql(
      'mutation($input: CreateZoneInput!) { createZone(input: $input) { id } }',
      { input: { name } },
      await t.token(Role.OWNER),
    );
    if (!created.data) throw new Error(JSON.stringify(created.errors));
    return created.data.createZone.id as string;
  };
  const fieldStaff = async (t: Tenant, name: string) => {
    const created = await api.gql(
      'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }',
      {
        input: {
          email: `${name}-${t.slug}@fixture.test`,
          displayName: name,
          role: 'FIELD_STAFF',
          password: FIXTURE_PASSWORD,
        },
      },
      await t.token(Role.OWNER),
    );
    return created.data?.createUser.id as string;
  };
  const roster = async (t: Tenant, userId: string, shift: { id: string; date: string }, zoneId: string) => {
    const result = await api.gql(
      'mutation($input: SetRosterInput!) { setRoster(input: $input) { id } }',
      { input: { userId, date: shift.date, shiftId: shift.id, zoneId } },
      await t.token(Role.SUPERVISOR),
    );
    if (!result.data) throw new Error(JSON.stringify(result.errors));
  };
  const settings = async (t: Tenant, input: Record<string, unknown>) =>
    api.gql(
      'mutation($input: UpdateDispatchSettingsInput!) { updateDispatchSettings(input: $input) { autoDispatch perPersonCap } }',
      { input },
      await t.token(Role.OWNER),
    );
  const order = async (t: Tenant, zoneId: string, location = 'Lobby') => {
    const created = await api.gql(
      'mutation($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { id state assigneeId queued } }',
      { input: { source: 'CALL', zoneId, location, priority: 'P3', description: 'Fix it' } },
      await t.token(Role.AGENT),
    );
    if (!created.data) throw new Error(JSON.stringify(created.errors));
    return created.data.createWorkOrder as {
      id: string;
      state: string;
      assigneeId: string | null;
      queued: boolean;
    };
  };

  it('dispatches to on-shift staff of the zone by load and recency, within the cap, and queues the rest', async () => {
    const t = await api.tenant();
    const [zoneA, zoneB] = [await zone(t, 'Building A'), await zone(t, 'Building B')];
    const now = await shiftNow(t, 'Day');
    const earlier = await shiftEarlier(t);
    const [ann, bob, cat, dan] = [
      await fieldStaff(t, 'ann'),
      await fieldStaff(t, 'bob'),
      await fieldStaff(t, 'cat'),
      await fieldStaff(t, 'dan'),
    ];
    await roster(t, ann, now, zoneA);
    await roster(t, bob, now, zoneA);
    await roster(t, cat, now, zoneB);
    await roster(t, dan, earlier, zoneA); // in the zone, but not on shift now
    const owner = await t.token(Role.OWNER);
    const updated = await api.gql(
      'mutation($input: UpdateDispatchSettingsInput!) { updateDispatchSettings(input: $input) { autoDispatch perPersonCap } }',
      { input: { autoDispatch: true, perPersonCap: 2 } },
      owner,
    );
    expect(updated.data?.updateDispatchSettings).toEqual({ autoDispatch: true, perPersonCap: 2 });

    const a1 = await order(t, zoneA);
    const a2 = await order(t, zoneA);
    const a3 = await order(t, zoneA);
    const a4 = await order(t, zoneA);
    const a5 = await order(t, zoneA);
    const b1 = await order(t, zoneB);
    // Ties go to the least recently assigned, so A's two on-shift staff alternate; Dan (off shift) gets nothing.
    expect([a1, a2, a3, a4].map((o) => o.state)).toEqual(['ASSIGNED', 'ASSIGNED', 'ASSIGNED', 'ASSIGNED']);
    expect(new Set([a1.assigneeId, a2.assigneeId])).toEqual(new Set([ann, bob]));
    expect(a3.assigneeId).toBe(a1.assigneeId);
    expect(a4.assigneeId).toBe(a2.assigneeId);
    expect(a5).toMatchObject({ state: 'OPEN', queued: true, assigneeId: null });
    expect(b1.assigneeId).toBe(cat);

    // Capacity frees up: the queue drains to that person.
    const holder = a1.assigneeId as string;
    const holderToken = await loginToken(
      api.url,
      `${holder === ann ? 'ann' : 'bob'}-${t.slug}@fixture.test`,
      FIXTURE_PASSWORD,
    );
    for (const step of ['acceptWorkOrder', 'startWorkOrder']) {
      await api.gql(
        `mutation($input: WorkOrderIdInput!) { ${step}(input: $input) { state } }`,
        { input: { workOrderId: a1.id } },
        holderToken,
      );
    }
    const done = await api.gql(
      'mutation($input: CompleteWorkOrderInput!) { completeWorkOrder(input: $input) { state } }',
      { input: { workOrderId: a1.id, report: 'Fixed' } },
      holderToken,
    );
    expect(done.data?.completeWorkOrder.state).toBe('DONE');
    const drained = await api.gql(
      'query($id: ID!) { workOrder(id: $id) { state assigneeId queued } }',
      { id: a5.id },
      await t.token(Role.AGENT),
    );
    expect(drained.data?.workOrder).toEqual({ state: 'ASSIGNED', assigneeId: holder, queued: false });
  });

  it('a declined order goes to someone else; with nobody else it waits in the queue until someone comes on shift', async () => {
    const t = await api.tenant();
    const zoneC = await zone(t, 'Garden');
    const now = await shiftNow(t, 'Day');
    const eve = await fieldStaff(t, 'eve');
    await roster(t, eve, now, zoneC);
    await settings(t, { autoDispatch: true });
    const first = await order(t, zoneC);
    expect(first.assigneeId).toBe(eve);
    const eveToken = await loginToken(api.url, `eve-${t.slug}@fixture.test`, FIXTURE_PASSWORD);
    const declined = await api.gql(
      'mutation($input: DeclineWorkOrderInput!) { declineWorkOrder(input: $input) { state assigneeId queued declineCount } }',
      { input: { workOrderId: first.id, reason: 'Need a ladder' } },
      eveToken,
    );
    expect(declined.data?.declineWorkOrder).toEqual({
      state: 'OPEN',
      assigneeId: null,
      queued: true,
      declineCount: 1,
    });

    const fay = await fieldStaff(t, 'fay');
    await roster(t, fay, now, zoneC);
    const result = await api.app.get(WorkOrderMonitorJob, { strict: false }).run(t.tenantId);
    expect(result.dispatched).toBe(1);
    const after = await api.gql(
      'query($id: ID!) { workOrder(id: $id) { state assigneeId } }',
      { id: first.id },
      await t.token(Role.AGENT),
    );
    expect(after.data?.workOrder).toEqual({ state: 'ASSIGNED', assigneeId: fay });
  });

  it('the board shows each zone with orders by state, on-shift staff with load, and the current seq', async () => {
    const t = await api.tenant();
    const zoneA = await zone(t, 'Building E');
    const now = await shiftNow(t, 'Day');
    const gus = await fieldStaff(t, 'gus');
    await roster(t, gus, now, zoneA);
    const open = await order(t, zoneA, 'E-1');
    const assigned = await order(t, zoneA, 'E-2');
    await api.gql(
      'mutation($input: AssignWorkOrderInput!) { assignWorkOrder(input: $input) { state } }',
      { input: { workOrderId: assigned.id, assigneeId: gus } },
      await t.token(Role.AGENT),
    );
    const board = await api.gql(
      '{ dispatchBoard { seq zones { zoneId name open { id } assigned { id } staff { userId displayName load online } } } }',
      {},
      await t.token(Role.SUPERVISOR),
    );
    const latest = await asOwner(
      t.tenantId,
      async (client) =>
        (await client.query('SELECT last_seq FROM tenant_event_counters WHERE tenant_id = $1', [t.tenantId]))
          .rows[0].last_seq,
    );
    expect(board.data?.dispatchBoard.seq).toBe(Number(latest));
    expect(board.data?.dispatchBoard.zones).toEqual([
      {
        zoneId: zoneA,
        name: 'Building E',
        open: [{ id: open.id }],
        assigned: [{ id: assigned.id }],
        staff: [{ userId: gus, displayName: 'gus', load: 1, online: false }],
      },
    ]);
    expect(errorCode(await api.gql('{ dispatchBoard { seq } }', {}, await t.token(Role.FIELD_STAFF)))).toBe(
      'FORBIDDEN',
    );
  });

  it('publishes one briefing per zone after 08:40 tenant time, with the roster and open and overdue orders', async () => {
    const t = await api.tenant();
    const zoneA = await zone(t, 'Building A');
    const now = await shiftNow(t, 'Day');
    const hal = await fieldStaff(t, 'hal');
    await roster(t, hal, now, zoneA);
    const overdue = await order(t, zoneA, 'A-9');
    await asOwner(t.tenantId, (client) =>
      client.query(
        `UPDATE work_orders SET onsite_due_at = now() - interval '1 hour' WHERE tenant_id = $1 AND id = $2`,
        [t.tenantId, overdue.id],
      ),
    );
    const briefings = api.app.get(DispatchBoardService, { strict: false });
    const date = now.date;
    const before = new Date(`${date}T08:30:00+08:00`);
    const after = new Date(`${date}T09:00:00+08:00`);
    expect(await briefings.publishDue(t.tenantId, before)).toBe(0);
    expect(await briefings.publishDue(t.tenantId, after)).toBe(1);
    expect(await briefings.publishDue(t.tenantId, after)).toBe(0);
    const result = await api.gql(
      'query($input: BriefingDateInput!) { briefing(input: $input) { zoneId date content } }',
      { input: { date } },
      await t.token(Role.FIELD_STAFF),
    );
    const [briefing] = result.data?.briefing ?? [];
    expect(briefing).toMatchObject({ zoneId: zoneA, date });
    expect(briefing.content.zone).toBe('Building A');
    expect(briefing.content.roster.map((r: { userId: string }) => r.userId)).toEqual([hal]);
    expect(briefing.content.openOrders.map((o: { id: string }) => o.id)).toEqual([overdue.id]);
    expect(briefing.content.overdueOrders.map((o: { id: string }) => o.id)).toEqual([overdue.id]);
    const events = await asOwner(
      t.tenantId,
      async (client) =>
        (
          await client.query(
            `SELECT count(*)::int AS n FROM tenant_events WHERE tenant_id = $1 AND type = 'briefing.published'`,
            [t.tenantId],
          )
        ).rows[0].n,
    );
    expect(events).toBe(1);
  });
});
