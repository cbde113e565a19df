import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '@service-desk/core';
import { asOwner, errorCode } from '@service-desk/testing';
import { type ApiHarness, startApi } from '../support/api.js';

const FIELDS = `id number state handlerId escalationLevel negotiationRounds dueAt slaStatus resolvedAt`;
const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

/**
 * The seed's case: a child finds a fly in yogurt bought in the store; the duty manager's careless
 * remark ("take the child to hospital then") makes it worse. The desk takes it from intake to the
 * closed loop.
 */
describe('complaint desk story: a fly in the yogurt', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('walks from walk-in intake through escalation and negotiation to resolution; closing waits for the revisit', async () => {
    const t = await api.tenant();
    const agent = await t.token(Role.AGENT);
    const supervisor = await t.token(Role.SUPERVISOR);
    const mutate = async (name: string, input: Record<string, unknown>, token: string) => {
      const type =
        name === 'startInvestigation' ? 'ComplaintIdInput' : `${name[0].toUpperCase()}${name.slice(1)}Input`;
      const result = await api.gql(
        `mutation($input: ${type}!) { ${name}(input: $input) { ${FIELDS} } }`,
        { input },
        token,
      );
      return result;
    };

    const customer = await api.gql(
      'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }',
      { input: { name: '李女士', phone: '13900001111', consentToContact: true } },
      agent,
    );
    const customerId = customer.data?.createCustomer.id;

    const submitted = await mutate(
      'submitComplaint',
      {
        customerId,
        channel: 'WALK_IN',
        category: 'PRODUCT_QUALITY',
        severity: 'HIGH',
        title: '酸奶里有苍蝇 Fly in yogurt',
        description: '孩子喝酸奶时发现苍蝇；值班经理说“有问题就去医院，我们负责”，顾客更加生气。',
        idempotencyKey: `walk-in-${t.slug}`,
      },
      agent,
    );
    const complaint = submitted.data?.submitComplaint;
    expect(complaint).toMatchObject({
      state: 'RECEIVED',
      handlerId: t.users.AGENT.id,
      escalationLevel: 0,
      slaStatus: 'ON_TRACK',
    });
    const id = complaint.id;

    const again = await mutate(
      'submitComplaint',
      {
        customerId,
        channel: 'WALK_IN',
        category: 'PRODUCT_QUALITY',
        title: 'dup',
        description: 'dup',
        idempotencyKey: `walk-in-${t.slug}`,
      },
      agent,
    );
    expect(again.data?.submitComplaint.id).toBe(id);

    const acknowledged = await mutate(
      'acknowledgeComplaint',
      { complaintId: id, promisedReplyAt: hoursFromNow(2), message: '非常抱歉，我们马上处理。' },
      agent,
    );
    expect(acknowledged.data?.acknowledgeComplaint.state).toBe('ACKNOWLEDGED');

    const escalated = await mutate(
      'escalateComplaint',
      {
        complaintId: id,
        reason: 'Duty manager inflamed the customer; needs a supervisor',
        agreedReplyAt: hoursFromNow(4),
        toUserId: t.users.SUPERVISOR.id,
      },
      agent,
    );
    expect(escalated.data?.escalateComplaint).toMatchObject({
      escalationLevel: 1,
      handlerId: t.users.SUPERVISOR.id,
    });

    expect(
      (await mutate('startInvestigation', { complaintId: id }, supervisor)).data?.startInvestigation.state,
    ).toBe('INVESTIGATING');

    // An agent cannot offer more than the agent's authority (200 by default).
    const tooMuch = await mutate(
      'proposeResolution',
      { complaintId: id, options: [{ remedy: 'VOUCHER', amount: 500, description: '500 yuan voucher' }] },
      agent,
    );
    expect(errorCode(tooMuch)).toBe('COMPENSATION_LIMIT_EXCEEDED');

    const voucher = await mutate(
      'proposeResolution',
      { complaintId: id, options: [{ remedy: 'VOUCHER', amount: 50, description: '50 元代金券' }] },
      supervisor,
    );
    expect(voucher.data?.proposeResolution.state).toBe('PROPOSED');
    const rejected = await mutate(
      'recordCustomerDecision',
      { complaintId: id, accepted: false, comment: '我不要代金券' },
      supervisor,
    );
    expect(rejected.data?.recordCustomerDecision).toMatchObject({
      state: 'INVESTIGATING',
      negotiationRounds: 1,
    });

    const second = await mutate(
      'proposeResolution',
      {
        complaintId: id,
        options: [
          { remedy: 'REPLACE', amount: 12.5, description: 'Replacement yogurt and an apology' },
          { remedy: 'POINTS', amount: 20, points: 2000, description: '2000 goodwill points' },
        ],
      },
      supervisor,
    );
    expect(second.data?.proposeResolution.state).toBe('PROPOSED');
    const detail = await api.gql(
      `query($id: ID!) { complaint(id: $id) { proposals { round status options { id remedy points } } } }`,
      { id },
      supervisor,
    );
    const pending = detail.data?.complaint.proposals.find((p: { status: string }) => p.status === 'PENDING');
    // The customer takes the replacement plus the goodwill points.
    const optionIds = pending.options.map((o: { id: string }) => o.id);
    const accepted = await mutate(
      'recordCustomerDecision',
      { complaintId: id, accepted: true, optionIds, comment: '可以' },
      supervisor,
    );
    expect(accepted.data?.recordCustomerDecision.state).toBe('PROPOSED');

    const resolved = await mutate(
      'resolveComplaint',
      { complaintId: id, summary: 'Replaced the yogurt, apologised, 2000 points' },
      supervisor,
    );
    expect(resolved.data?.resolveComplaint.state).toBe('RESOLVED');

    const full = await api.gql(
      `query($id: ID!) { complaint(id: $id) {
         customer { name } handler { id } revisits { type status dueAt assigneeId }
         promises { kind keptAt brokenAt } escalations { toLevel reason agreedReplyAt }
         timeline { seq type } notes { visibility body } } }`,
      { id },
      supervisor,
    );
    const view = full.data?.complaint;
    expect(view.customer.name).toBe('李女士');
    expect(view.revisits).toHaveLength(1);
    expect(view.revisits[0]).toMatchObject({
      type: 'COMPLAINT',
      status: 'PENDING',
      assigneeId: t.users.SUPERVISOR.id,
    });
    const dueInDays = (new Date(view.revisits[0].dueAt).getTime() - Date.now()) / 86_400_000;
    expect(dueInDays).toBeGreaterThan(6.99);
    expect(dueInDays).toBeLessThan(7.01);
    expect(view.promises.every((p: { keptAt: string | null }) => p.keptAt !== null)).toBe(true);
    const types = view.timeline.map((e: { type: string }) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'complaint.submitted',
        'complaint.acknowledged',
        'complaint.escalated',
        'complaint.investigating',
        'complaint.proposed',
        'complaint.decision_recorded',
        'complaint.resolved',
        'revisit.scheduled',
      ]),
    );
    const seqs = view.timeline.map((e: { seq: number }) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));

    // Goodwill points wait for the loyalty ledger.
    const points = await asOwner(
      t.tenantId,
      async (client) =>
        (await client.query('SELECT points FROM goodwill_points WHERE complaint_id = $1', [id])).rows,
    );
    expect(points).toEqual([{ points: 2000 }]);

    // The loop is not closed before the revisit.
    const early = await mutate('closeComplaint', { complaintId: id }, supervisor);
    expect(errorCode(early)).toBe('INVALID_TRANSITION');
    const stillResolved = await api.gql(
      `query($id: ID!) { complaint(id: $id) { state } }`,
      { id },
      supervisor,
    );
    expect(stillResolved.data?.complaint.state).toBe('RESOLVED');

    // Once the revisit is done the loop closes.
    await asOwner(t.tenantId, (client) =>
      client.query(
        `UPDATE revisit_tasks SET status = 'COMPLETED', satisfaction = 5, completed_at = now() WHERE complaint_id = $1`,
        [id],
      ),
    );
    expect((await mutate('closeComplaint', { complaintId: id }, supervisor)).data?.closeComplaint.state).toBe(
      'CLOSED',
    );
  });

  it('refuses moves the lifecycle does not allow, with INVALID_TRANSITION and no change', async () => {
    const t = await api.tenant();
    const agent = await t.token(Role.AGENT);
    const created = await api.gql(
      'mutation($input: SubmitComplaintInput!) { submitComplaint(input: $input) { id } }',
      {
        input: {
          contactName: 'Walk-in',
          channel: 'PHONE',
          category: 'SERVICE_ATTITUDE',
          title: 'Rude',
          description: 'Rude staff',
        },
      },
      agent,
    );
    const id = created.data?.submitComplaint.id;
    const resolve = await api.gql(
      'mutation($input: ResolveComplaintInput!) { resolveComplaint(input: $input) { id } }',
      { input: { complaintId: id, summary: 'x' } },
      agent,
    );
    expect(errorCode(resolve)).toBe('INVALID_TRANSITION');
    const investigate = await api.gql(
      'mutation($input: ComplaintIdInput!) { startInvestigation(input: $input) { id } }',
      { input: { complaintId: id } },
      agent,
    );
    expect(errorCode(investigate)).toBe('INVALID_TRANSITION');
    const state = await api.gql('query($id: ID!) { complaint(id: $id) { state } }', { id }, agent);
    expect(state.data?.complaint.state).toBe('RECEIVED');
  });

  it('two handlers acting on one complaint at once never produce an illegal state', async () => {
    const t = await api.tenant();
    const [agent, supervisor] = await Promise.all([t.token(Role.AGENT), t.token(Role.SUPERVISOR)]);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const created = await api.gql(
        'mutation($input: SubmitComplaintInput!) { submitComplaint(input: $input) { id } }',
        {
          input: {
            contactName: `C${i}`,
            channel: 'PHONE',
            category: 'OTHER',
            title: `T${i}`,
            description: 'race',
          },
        },
        agent,
      );
      ids.push(created.data?.submitComplaint.id);
    }
    for (const id of ids) {
      const ack = (token: string) =>
        api.gql(
          'mutation($input: AcknowledgeComplaintInput!) { acknowledgeComplaint(input: $input) { state } }',
          { input: { complaintId: id, promisedReplyAt: hoursFromNow(3) } },
          token,
        );
      const results = await Promise.all([ack(agent), ack(supervisor), ack(agent)]);
      const succeeded = results.filter((r) => r.data?.acknowledgeComplaint.state === 'ACKNOWLEDGED');
      expect(succeeded).toHaveLength(1);
      expect(results.filter((r) => errorCode(r) === 'INVALID_TRANSITION')).toHaveLength(2);
    }
    const events = await asOwner(
      t.tenantId,
      async (client) =>
        (
          await client.query(
            `SELECT count(*)::int AS n FROM tenant_events WHERE tenant_id = $1 AND type = 'complaint.acknowledged'`,
            [t.tenantId],
          )
        ).rows[0].n,
    );
    expect(events).toBe(5);
    const promises = await asOwner(
      t.tenantId,
      async (client) =>
        (
          await client.query(`SELECT count(*)::int AS n FROM complaint_promises WHERE tenant_id = $1`, [
            t.tenantId,
          ])
        ).rows[0].n,
    );
    expect(promises).toBe(5);
  });
});
