import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newId, Role } from '@service-desk/core';
import { isSampled, RevisitDueJob, RevisitSchedulerJob } from '@service-desk/revisits';
import { asOwner, errorCode } from '@service-desk/testing';
import { type ApiHarness, startApi } from '../support/api.js';
import { resolvedComplaint } from '../support/revisits.js';

type Tenant = Awaited<ReturnType<ApiHarness['tenant']>>;

const FIELDS = 'id type status assigneeId attempts satisfaction overdue completedAt';
const ATTEMPT = `mutation($input: LogRevisitAttemptInput!) { logRevisitAttempt(input: $input) { ${FIELDS} } }`;
const COMPLETE = `mutation($input: CompleteRevisitInput!) { completeRevisit(input: $input) { ${FIELDS} surveyAnswers { question answer } notes followUp } }`;
const CANCEL = `mutation($input: CancelRevisitInput!) { cancelRevisit(input: $input) { ${FIELDS} cancelReason } }`;
const REASSIGN = `mutation($input: ReassignRevisitInput!) { reassignRevisit(input: $input) { ${FIELDS} } }`;
const CLOSE = 'mutation($input: CloseComplaintInput!) { closeComplaint(input: $input) { id state } }';
const COMPLAINT = 'query($id: ID!) { complaint(id: $id) { state reopenCount revisits { id status } } }';
const DAY = 86_400_000;

const eventsOf = (t: Tenant, id: string) =>
  asOwner(t.tenantId, async (client) => {
    const { rows } = await client.query(
      `SELECT type, data FROM tenant_events WHERE tenant_id = $1 AND entity_id = $2 ORDER BY seq`,
      [t.tenantId, id],
    );
    return rows as Array<{ type: string; data: Record<string, unknown> }>;
  });

describe('revisits', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  const attempt = async (t: Tenant, revisitId: string, reached: boolean, role = Role.AGENT) =>
    api.gql(
      ATTEMPT,
      { input: { revisitId, channel: 'PHONE', reached, note: 'called' } },
      await t.token(role),
    );

  describe('closing the complaint loop', () => {
    it('lists the COMPLAINT revisit for its handler and refuses closing until it is done', async () => {
      const t = await api.tenant();
      const { complaintId, revisitId } = await resolvedComplaint(api, t);
      const agent = await t.token(Role.AGENT);
      const mine = await api.gql(
        `{ revisitTasks(first: 10, mine: true) { edges { node { ${FIELDS} complaintId customer { name phone } } } } }`,
        {},
        agent,
      );
      expect(mine.data?.revisitTasks.edges).toEqual([
        {
          node: expect.objectContaining({
            id: revisitId,
            type: 'COMPLAINT',
            status: 'PENDING',
            assigneeId: t.users.AGENT.id,
            complaintId,
            customer: { name: '李娜', phone: '13912345678' },
          }),
        },
      ]);
      expect(errorCode(await api.gql(CLOSE, { input: { complaintId } }, agent))).toBe('INVALID_TRANSITION');

      // Completing before anyone reached the customer is not a move of the lifecycle.
      expect(errorCode(await api.gql(COMPLETE, { input: { revisitId, satisfaction: 5 } }, agent))).toBe(
        'INVALID_TRANSITION',
      );

      const first = await attempt(t, revisitId, true);
      expect(first.data?.logRevisitAttempt).toMatchObject({ status: 'IN_PROGRESS', attempts: 1 });
      const done = await api.gql(
        COMPLETE,
        {
          input: {
            revisitId,
            satisfaction: 4,
            surveyAnswers: [{ question: '问题解决了吗？', answer: '解决了' }],
            notes: ' Happy now ',
            followUp: 'Send a voucher',
          },
        },
        agent,
      );
      expect(done.data?.completeRevisit).toMatchObject({
        status: 'COMPLETED',
        satisfaction: 4,
        surveyAnswers: [{ question: '问题解决了吗？', answer: '解决了' }],
        notes: 'Happy now',
        followUp: 'Send a voucher',
      });
      const closed = await api.gql(CLOSE, { input: { complaintId } }, agent);
      expect(closed.data?.closeComplaint.state).toBe('CLOSED');
      expect((await eventsOf(t, revisitId)).map((e) => e.type)).toEqual([
        'revisit.scheduled',
        'revisit.attempted',
        'revisit.completed',
      ]);
    });

    it('reopens the complaint when the customer is unhappy (satisfaction <= 2), in the same transaction', async () => {
      const t = await api.tenant();
      const { complaintId, revisitId } = await resolvedComplaint(api, t);
      await attempt(t, revisitId, true);
      const done = await api.gql(
        COMPLETE,
        { input: { revisitId, satisfaction: 2, notes: 'Still angry' } },
        await t.token(Role.AGENT),
      );
      expect(done.data?.completeRevisit.status).toBe('COMPLETED');
      const complaint = await api.gql(COMPLAINT, { id: complaintId }, await t.token(Role.AGENT));
      expect(complaint.data?.complaint).toEqual({
        state: 'INVESTIGATING',
        reopenCount: 1,
        revisits: [{ id: revisitId, status: 'COMPLETED' }],
      });
      const reopened = (await eventsOf(t, complaintId)).filter((e) => e.type === 'complaint.reopened');
      expect(reopened).toEqual([
        expect.objectContaining({
          data: expect.objectContaining({ reason: 'low_satisfaction', revisitId, satisfaction: 2 }),
        }),
      ]);
    });

    it('marks the customer UNREACHABLE after the allowed failed attempts, which lets the complaint close', async () => {
      const t = await api.tenant();
      const { complaintId, revisitId } = await resolvedComplaint(api, t);
      expect((await attempt(t, revisitId, false)).data?.logRevisitAttempt.status).toBe('IN_PROGRESS');
      expect((await attempt(t, revisitId, false)).data?.logRevisitAttempt.status).toBe('IN_PROGRESS');
      const last = await attempt(t, revisitId, false);
      expect(last.data?.logRevisitAttempt).toMatchObject({ status: 'UNREACHABLE', attempts: 3 });
      expect(errorCode(await attempt(t, revisitId, false))).toBe('INVALID_TRANSITION');

      const detail = await api.gql(
        'query($id: ID!) { revisitTask(id: $id) { status attemptLog { number reached channel note attemptedById } } }',
        { id: revisitId },
        await t.token(Role.SUPERVISOR),
      );
      expect(detail.data?.revisitTask.attemptLog).toHaveLength(3);
      expect(detail.data?.revisitTask.attemptLog[2]).toEqual({
        number: 3,
        reached: false,
        channel: 'PHONE',
        note: 'called',
        attemptedById: t.users.AGENT.id,
      });
      expect((await eventsOf(t, revisitId)).map((e) => e.type)).toEqual([
        'revisit.scheduled',
        'revisit.attempted',
        'revisit.attempted',
        'revisit.attempted',
        'revisit.unreachable',
      ]);
      const closed = await api.gql(CLOSE, { input: { complaintId } }, await t.token(Role.AGENT));
      expect(closed.data?.closeComplaint.state).toBe('CLOSED');
    });

    it('logs a retried attempt once when it carries an idempotency key', async () => {
      const t = await api.tenant();
      const { revisitId } = await resolvedComplaint(api, t);
      const agent = await t.token(Role.AGENT);
      const input = { revisitId, channel: 'SMS', reached: false, idempotencyKey: 'call-1' };
      const first = await api.gql(ATTEMPT, { input }, agent);
      const retry = await api.gql(ATTEMPT, { input }, agent);
      expect(first.data?.logRevisitAttempt.attempts).toBe(1);
      expect(retry.data?.logRevisitAttempt).toEqual(first.data?.logRevisitAttempt);
      const other = await resolvedComplaint(api, t, { phone: '13900000031' });
      expect(
        errorCode(await api.gql(ATTEMPT, { input: { ...input, revisitId: other.revisitId } }, agent)),
      ).toBe('BAD_USER_INPUT');
      expect((await eventsOf(t, revisitId)).filter((e) => e.type === 'revisit.attempted')).toHaveLength(1);
    });

    it('gives up exactly once when failed attempts race', async () => {
      const t = await api.tenant();
      const { revisitId } = await resolvedComplaint(api, t);
      const results = await Promise.all([1, 2, 3, 4].map(() => attempt(t, revisitId, false)));
      const statuses = results.map((r) => r.data?.logRevisitAttempt?.status ?? errorCode(r));
      expect(statuses.sort()).toEqual(['INVALID_TRANSITION', 'IN_PROGRESS', 'IN_PROGRESS', 'UNREACHABLE']);
      const types = (await eventsOf(t, revisitId)).map((e) => e.type);
      expect(types.filter((type) => type === 'revisit.attempted')).toHaveLength(3);
      expect(types.filter((type) => type === 'revisit.unreachable')).toHaveLength(1);
    });

    it('follows the configured number of attempts', async () => {
      const t = await api.tenant();
      const changed = await api.gql(
        'mutation($input: UpdateRevisitSettingsInput!) { updateRevisitSettings(input: $input) { maxAttempts dailyCap supervisoryShare } }',
        { input: { maxAttempts: 1 } },
        await t.token(Role.SUPERVISOR),
      );
      expect(changed.data?.updateRevisitSettings).toEqual({
        maxAttempts: 1,
        dailyCap: 20,
        supervisoryShare: 0.1,
      });
      const { revisitId } = await resolvedComplaint(api, t);
      expect((await attempt(t, revisitId, false)).data?.logRevisitAttempt.status).toBe('UNREACHABLE');
    });
  });

  describe('who may do what', () => {
    it('keeps HR and field staff out, and lets only managers cancel, reassign or change the rules', async () => {
      const t = await api.tenant();
      const { revisitId } = await resolvedComplaint(api, t);
      for (const role of [Role.HR, Role.FIELD_STAFF]) {
        const token = await t.token(role);
        expect(errorCode(await api.gql('{ revisitTasks { edges { node { id } } } }', {}, token))).toBe(
          'FORBIDDEN',
        );
        expect(errorCode(await attempt(t, revisitId, true, role))).toBe('FORBIDDEN');
      }
      const agent = await t.token(Role.AGENT);
      expect(errorCode(await api.gql(CANCEL, { input: { revisitId, reason: 'x' } }, agent))).toBe(
        'FORBIDDEN',
      );
      expect(
        errorCode(await api.gql(REASSIGN, { input: { revisitId, assigneeId: t.users.AGENT.id } }, agent)),
      ).toBe('FORBIDDEN');
      expect(
        errorCode(
          await api.gql(
            'mutation($input: UpdateRevisitSettingsInput!) { updateRevisitSettings(input: $input) { maxAttempts } }',
            { input: { maxAttempts: 5 } },
            agent,
          ),
        ),
      ).toBe('FORBIDDEN');
      const settings = await api.gql('{ revisitSettings { maxAttempts afterSalesDelayDays } }', {}, agent);
      expect(settings.data?.revisitSettings).toEqual({ maxAttempts: 3, afterSalesDelayDays: 3 });
    });

    it("refuses an agent someone else's revisit, and lets them claim an unassigned one", async () => {
      const t = await api.tenant();
      const { revisitId } = await resolvedComplaint(api, t);
      const supervisor = await t.token(Role.SUPERVISOR);
      const moved = await api.gql(
        REASSIGN,
        { input: { revisitId, assigneeId: t.users.SUPERVISOR.id } },
        supervisor,
      );
      expect(moved.data?.reassignRevisit.assigneeId).toBe(t.users.SUPERVISOR.id);
      expect(errorCode(await attempt(t, revisitId, true))).toBe('FORBIDDEN');
      const events = await eventsOf(t, revisitId);
      expect(events.at(-1)).toMatchObject({
        type: 'revisit.reassigned',
        data: { assigneeId: t.users.SUPERVISOR.id, previousAssigneeId: t.users.AGENT.id },
      });

      // Field staff cannot hold revisits.
      expect(
        errorCode(
          await api.gql(REASSIGN, { input: { revisitId, assigneeId: t.users.FIELD_STAFF.id } }, supervisor),
        ),
      ).toBe('BAD_USER_INPUT');

      await asOwner(t.tenantId, (client) =>
        client.query(`UPDATE revisit_tasks SET assignee_id = NULL WHERE tenant_id = $1 AND id = $2`, [
          t.tenantId,
          revisitId,
        ]),
      );
      const claimed = await attempt(t, revisitId, false);
      expect(claimed.data?.logRevisitAttempt).toMatchObject({
        assigneeId: t.users.AGENT.id,
        status: 'IN_PROGRESS',
      });
    });

    it('leaves SUPERVISORY revisits to supervisors and the owner', async () => {
      const t = await api.tenant();
      const { revisitId } = await resolvedComplaint(api, t);
      await asOwner(t.tenantId, (client) =>
        client.query(
          `UPDATE revisit_tasks SET type = 'SUPERVISORY', assignee_id = NULL WHERE tenant_id = $1 AND id = $2`,
          [t.tenantId, revisitId],
        ),
      );
      expect(errorCode(await attempt(t, revisitId, true))).toBe('FORBIDDEN');
      // The audit of their own work is not shown to agents.
      const read = 'query($id: ID!) { revisitTask(id: $id) { id type } }';
      const list = '{ revisitTasks { edges { node { id } } } }';
      expect(errorCode(await api.gql(read, { id: revisitId }, await t.token(Role.AGENT)))).toBe('NOT_FOUND');
      expect((await api.gql(list, {}, await t.token(Role.AGENT))).data?.revisitTasks.edges).toEqual([]);
      expect(
        (await api.gql(read, { id: revisitId }, await t.token(Role.SUPERVISOR))).data?.revisitTask,
      ).toEqual({
        id: revisitId,
        type: 'SUPERVISORY',
      });
      expect(
        errorCode(
          await api.gql(
            REASSIGN,
            { input: { revisitId, assigneeId: t.users.AGENT.id } },
            await t.token(Role.OWNER),
          ),
        ),
      ).toBe('BAD_USER_INPUT');
      const byOwner = await attempt(t, revisitId, true, Role.OWNER);
      expect(byOwner.data?.logRevisitAttempt).toMatchObject({
        status: 'IN_PROGRESS',
        assigneeId: t.users.OWNER.id,
      });
      const cancelled = await api.gql(
        CANCEL,
        { input: { revisitId, reason: 'Audit no longer needed' } },
        await t.token(Role.SUPERVISOR),
      );
      expect(cancelled.data?.cancelRevisit).toMatchObject({
        status: 'CANCELLED',
        cancelReason: 'Audit no longer needed',
      });
      expect(
        errorCode(
          await api.gql(CANCEL, { input: { revisitId, reason: 'again' } }, await t.token(Role.SUPERVISOR)),
        ),
      ).toBe('INVALID_TRANSITION');
    });
  });

  describe('bad input writes nothing', () => {
    const TABLES = ['revisit_tasks', 'revisit_attempts', 'tenant_events', 'complaints'] as const;
    const state = (t: Tenant) =>
      asOwner(t.tenantId, async (client) => {
        const result: Record<string, unknown> = {};
        for (const table of TABLES) {
          const { rows } = await client.query(
            `SELECT md5(coalesce(string_agg(to_jsonb(x)::text, ',' ORDER BY x::text), '')) AS h, count(*)::int AS n
             FROM ${table} x WHERE tenant_id = $1`,
            [t.tenantId],
          );
          result[table] = rows[0];
        }
        return result;
      });

    it('refuses out-of-range satisfaction, malformed ids, oversize text and bad filters with BAD_USER_INPUT', async () => {
      const t = await api.tenant();
      const { revisitId } = await resolvedComplaint(api, t);
      await attempt(t, revisitId, true);
      const agent = await t.token(Role.AGENT);
      const supervisor = await t.token(Role.SUPERVISOR);
      const before = await state(t);
      const cases: Array<[string, Record<string, unknown>, string]> = [
        [COMPLETE, { revisitId, satisfaction: 0 }, agent],
        [COMPLETE, { revisitId, satisfaction: 6 }, agent],
        [COMPLETE, { revisitId, satisfaction: 3, notes: 'x'.repeat(5001) }, agent],
        [COMPLETE, { revisitId, satisfaction: 3, followUp: 'x'.repeat(2001) }, agent],
        [COMPLETE, { revisitId, satisfaction: 3, surveyAnswers: [{ question: '  ', answer: 'a' }] }, agent],
        [
          COMPLETE,
          { revisitId, satisfaction: 3, surveyAnswers: [{ question: 'q', answer: 'x'.repeat(1001) }] },
          agent,
        ],
        [COMPLETE, { revisitId, satisfaction: 3, notes: 'nul \u0000 inside' }, agent],
        [COMPLETE, { revisitId: 'not-an-id', satisfaction: 3 }, agent],
        [ATTEMPT, { revisitId, channel: 'PHONE', reached: true, note: 'x'.repeat(2001) }, agent],
        [ATTEMPT, { revisitId, channel: 'FAX', reached: true }, agent],
        [ATTEMPT, { revisitId: 'x'.repeat(41), channel: 'PHONE', reached: true }, agent],
        [CANCEL, { revisitId, reason: '   ' }, supervisor],
        [CANCEL, { revisitId, reason: 'x'.repeat(1001) }, supervisor],
        [REASSIGN, { revisitId, assigneeId: 'nobody' }, supervisor],
      ];
      for (const [query, input, token] of cases) {
        const result = await api.gql(query, { input }, token);
        if (errorCode(result) !== 'BAD_USER_INPUT')
          throw new Error(`${JSON.stringify(input).slice(0, 200)} → ${JSON.stringify(result)}`);
        expect(result.errors?.[0]?.message).toBeTruthy();
      }
      // Unknown (well-formed) ids are NOT_FOUND, exactly like another tenant's.
      for (const [query, input] of [
        [COMPLETE, { revisitId: newId(), satisfaction: 3 }],
        [ATTEMPT, { revisitId: newId(), channel: 'PHONE', reached: false }],
      ] as const) {
        expect(errorCode(await api.gql(query, { input }, agent))).toBe('NOT_FOUND');
      }
      expect(
        errorCode(await api.gql(REASSIGN, { input: { revisitId, assigneeId: newId() } }, supervisor)),
      ).toBe('NOT_FOUND');
      for (const [query, vars] of [
        ['query($c: String) { revisitTasks(after: $c) { edges { node { id } } } }', { c: 'garbage' }],
        [
          'query($c: String) { revisitTasks(after: $c) { edges { node { id } } } }',
          { c: Buffer.from('["x","y"]').toString('base64url') },
        ],
        ['{ revisitTasks(first: 101) { edges { node { id } } } }', {}],
        ['{ revisitHistory { edges { node { id } } } }', {}],
        ['{ revisitReport(from: "2026-02-01T00:00:00Z", to: "2026-01-01T00:00:00Z") { due } }', {}],
        ['{ revisitReport(from: "2020-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z") { due } }', {}],
        [
          'mutation { updateRevisitSettings(input: { supervisoryShare: 1.5, maxAttempts: 0 }) { maxAttempts } }',
          {},
        ],
      ] as const) {
        expect(errorCode(await api.gql(query, vars, supervisor))).toBe('BAD_USER_INPUT');
      }
      expect(await state(t)).toEqual(before);
    });
  });

  describe('archive and report', () => {
    it("lists a customer's revisits and exports them with the phone masked per role", async () => {
      const t = await api.tenant();
      const { customerId, revisitId } = await resolvedComplaint(api, t);
      await attempt(t, revisitId, true);
      await api.gql(
        COMPLETE,
        { input: { revisitId, satisfaction: 5, notes: '=SUM(A1)' } },
        await t.token(Role.AGENT),
      );
      const history = await api.gql(
        'query($id: ID) { revisitHistory(customerId: $id, first: 5) { edges { node { id status } } pageInfo { hasNextPage } } }',
        { id: customerId },
        await t.token(Role.HR),
      );
      expect(history.data?.revisitHistory).toEqual({
        edges: [{ node: { id: revisitId, status: 'COMPLETED' } }],
        pageInfo: { hasNextPage: false },
      });
      const empty = await api.gql(
        'query($id: ID) { revisitHistory(customerId: $id, to: "2000-01-01T00:00:00Z") { edges { node { id } } } }',
        { id: customerId },
        await t.token(Role.AGENT),
      );
      expect(empty.data?.revisitHistory.edges).toEqual([]);

      const archive = async (role: Role) =>
        api.gql(
          'query($id: ID) { revisitArchive(customerId: $id) { count csv } }',
          { id: customerId },
          await t.token(role),
        );
      const full = (await archive(Role.AGENT)).data?.revisitArchive;
      const masked = (await archive(Role.HR)).data?.revisitArchive;
      expect(full.count).toBe(1);
      expect(full.csv.split('\r\n')[0]).toContain('"Satisfaction"');
      expect(full.csv).toContain('"13912345678"');
      expect(full.csv).toContain(`"'=SUM(A1)"`);
      expect(masked.csv).toContain('"139****5678"');
      expect(masked.csv).not.toContain('13912345678');
      expect(
        errorCode(
          await api.gql(
            'query($id: ID) { revisitArchive(customerId: $id) { csv } }',
            { id: newId() },
            await t.token(Role.AGENT),
          ),
        ),
      ).toBe('NOT_FOUND');
    });

    it('counts revisits due in a period by type and status, with the on-time rate', async () => {
      const t = await api.tenant();
      const onTime = await resolvedComplaint(api, t, { phone: '13900000001' });
      const late = await resolvedComplaint(api, t, { phone: '13900000002' });
      const open = await resolvedComplaint(api, t, { phone: '13900000003' });
      for (const { revisitId } of [onTime, late]) {
        await attempt(t, revisitId, true);
        await api.gql(COMPLETE, { input: { revisitId, satisfaction: 4 } }, await t.token(Role.AGENT));
      }
      // The late one was due yesterday; the open one is overdue.
      await asOwner(t.tenantId, (client) =>
        client.query(
          `UPDATE revisit_tasks SET due_at = now() - interval '1 day' WHERE tenant_id = $1 AND id = ANY($2)`,
          [t.tenantId, [late.revisitId, open.revisitId]],
        ),
      );
      const from = new Date(Date.now() - 3 * DAY).toISOString();
      const to = new Date(Date.now() + 10 * DAY).toISOString();
      const report = await api.gql(
        'query($from: DateTime!, $to: DateTime!) { revisitReport(from: $from, to: $to) { counts { type status count } due completedOnTime onTimeRate meanSatisfaction } }',
        { from, to },
        await t.token(Role.SUPERVISOR),
      );
      expect(report.data?.revisitReport).toEqual({
        counts: [
          { type: 'COMPLAINT', status: 'COMPLETED', count: 2 },
          { type: 'COMPLAINT', status: 'PENDING', count: 1 },
        ],
        due: 3,
        completedOnTime: 1,
        onTimeRate: 1 / 3,
        meanSatisfaction: 4,
      });
      const overdue = await api.gql(
        '{ revisitTasks(overdue: true) { edges { node { id overdue } } } }',
        {},
        await t.token(Role.AGENT),
      );
      expect(overdue.data?.revisitTasks.edges).toEqual([{ node: { id: open.revisitId, overdue: true } }]);
    });

    it('pages through the work queue by due time without repeats', async () => {
      const t = await api.tenant();
      const ids = [];
      for (let i = 0; i < 3; i++)
        ids.push((await resolvedComplaint(api, t, { phone: `1390000001${i}` })).revisitId);
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 5; page++) {
        const result: { data?: Record<string, any> | null } = await api.gql(
          'query($after: String) { revisitTasks(first: 2, after: $after) { edges { node { id dueAt } } pageInfo { hasNextPage endCursor } } }',
          { after },
          await t.token(Role.AGENT),
        );
        const connection = result.data?.revisitTasks;
        seen.push(...connection.edges.map((e: { node: { id: string } }) => e.node.id));
        if (!connection.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor;
      }
      expect(seen).toEqual(ids);
    });
  });

  describe('worker jobs', () => {
    /** Builds the scheduler's inputs by hand: staff, customers, visits, closed complaints and work orders. */
    async function world(t: Tenant) {
      const agents = [t.users.AGENT.id, newId(), newId()].sort();
      const premium = newId();
      const premiumNoConsent = newId();
      const standard = newId();
      const zone = newId();
      const visits = { purchase: newId(), free: newId(), old: newId(), noConsent: newId() };
      const complaints = Array.from({ length: 12 }, () => newId());
      const orders = Array.from({ length: 6 }, () => newId());
      await asOwner(t.tenantId, async (client) => {
        for (const id of agents.filter((id) => id !== t.users.AGENT.id)) {
          await client.query(
            `INSERT INTO users (tenant_id, id, email, display_name, role, password_hash) VALUES ($1, $2, $3, 'Extra agent', 'AGENT', 'x')`,
            [t.tenantId, id, `${id}@fixture.test`],
          );
        }
        await client.query(
          `INSERT INTO customers (tenant_id, id, name, tier, consent_to_contact) VALUES
             ($1, $2, 'Premium', 'PREMIUM', true), ($1, $3, 'Premium, no consent', 'PREMIUM', false),
             ($1, $4, 'Standard', 'STANDARD', true)`,
          [t.tenantId, premium, premiumNoConsent, standard],
        );
        await client.query(`INSERT INTO zones (tenant_id, id, name) VALUES ($1, $2, 'Building A')`, [
          t.tenantId,
          zone,
        ]);
        await client.query(
          `INSERT INTO visits (tenant_id, id, customer_id, visited_at, amount, zone_id) VALUES
             ($1, $2, $6, now() - interval '1 day', 88.5, $7),
             ($1, $3, $6, now() - interval '1 day', 0, $7),
             ($1, $4, $6, now() - interval '60 days', 120, $7),
             ($1, $5, $8, now() - interval '1 day', 50, $7)`,
          [
            t.tenantId,
            visits.purchase,
            visits.free,
            visits.old,
            visits.noConsent,
            standard,
            zone,
            premiumNoConsent,
          ],
        );
        for (const [index, id] of complaints.entries()) {
          await client.query(
            `INSERT INTO complaints (tenant_id, id, number, tracking_code, customer_id, channel, category, severity, title,
               description, state, received_at, clock_started_at, first_reply_due_at, first_reply_warn_at, closed_at)
             VALUES ($1, $2, $3, $4, $5, 'PHONE', 'OTHER', 'NORMAL', 'Closed', 'Closed', $6, now() - interval '5 days',
               now() - interval '5 days', now(), now(), $7)`,
            [
              t.tenantId,
              id,
              1000 + index,
              `CT-${id}`,
              standard,
              index === 0 ? 'RESOLVED' : 'CLOSED',
              index === 0 ? null : new Date(Date.now() - DAY),
            ],
          );
        }
        for (const [index, id] of orders.entries()) {
          await client.query(
            `INSERT INTO work_orders (tenant_id, id, number, source, zone_id, location, priority, description, state,
               accept_due_at, onsite_due_at, closed_at)
             VALUES ($1, $2, $3, 'CALL', $4, 'A-1', 'P3', 'Fix', 'CLOSED', now(), now(), now() - interval '1 day')`,
            [t.tenantId, id, 2000 + index, zone],
          );
        }
      });
      return {
        agents,
        premium,
        premiumNoConsent,
        standard,
        zone,
        visits,
        complaints: complaints.slice(1),
        orders,
      };
    }

    const tasksOf = (t: Tenant) =>
      asOwner(t.tenantId, async (client) => {
        const { rows } = await client.query(
          `SELECT id, type, customer_id, visit_id, complaint_id, work_order_id, zone_id, assignee_id, status, due_at
           FROM revisit_tasks WHERE tenant_id = $1 ORDER BY id`,
          [t.tenantId],
        );
        return rows as Array<Record<string, any>>;
      });

    it('schedules after-sales, maintenance and sampled supervisory revisits, balanced, and a rerun changes nothing', async () => {
      const t = await api.tenant();
      const w = await world(t);
      const share = 0.5;
      const settings = await api.gql(
        'mutation($input: UpdateRevisitSettingsInput!) { updateRevisitSettings(input: $input) { supervisoryShare } }',
        { input: { supervisoryShare: share } },
        await t.token(Role.OWNER),
      );
      expect(settings.data?.updateRevisitSettings.supervisoryShare).toBe(share);
      const job = api.app.get(RevisitSchedulerJob, { strict: false });

      const sampledComplaints = w.complaints.filter((id) => isSampled(id, share)).sort();
      const sampledOrders = w.orders.filter((id) => isSampled(id, share)).sort();
      const first = await job.run(t.tenantId);
      expect(first).toEqual({
        afterSales: 1,
        maintenance: 1,
        supervisory: sampledComplaints.length + sampledOrders.length,
        assigned: 2 + sampledComplaints.length + sampledOrders.length,
      });
      const tasks = await tasksOf(t);

      const afterSales = tasks.filter((task) => task.type === 'AFTER_SALES');
      expect(afterSales).toEqual([
        expect.objectContaining({ visit_id: w.visits.purchase, customer_id: w.standard, zone_id: w.zone }),
      ]);
      const maintenance = tasks.filter((task) => task.type === 'MAINTENANCE');
      expect(maintenance).toEqual([expect.objectContaining({ customer_id: w.premium })]);
      // The two agent tasks go to two different agents (least loaded first).
      const agentTasks = [...afterSales, ...maintenance];
      expect(new Set(agentTasks.map((task) => task.assignee_id)).size).toBe(2);
      expect(agentTasks.every((task) => w.agents.includes(task.assignee_id))).toBe(true);

      const supervisory = tasks.filter((task) => task.type === 'SUPERVISORY');
      expect(
        supervisory
          .map((task) => task.complaint_id)
          .filter(Boolean)
          .sort(),
      ).toEqual(sampledComplaints);
      expect(
        supervisory
          .map((task) => task.work_order_id)
          .filter(Boolean)
          .sort(),
      ).toEqual(sampledOrders);
      expect(supervisory.every((task) => task.assignee_id === t.users.SUPERVISOR.id)).toBe(true);

      const again = await job.run(t.tenantId);
      expect(again).toEqual({ afterSales: 0, maintenance: 0, supervisory: 0, assigned: 0 });
      expect(await tasksOf(t)).toEqual(tasks);

      // The zone's queue and archive hold the purchase follow-up and the work-order audits.
      const supervisor = await t.token(Role.SUPERVISOR);
      const inZone = tasks.filter((task) => task.zone_id === w.zone).map((task) => task.id);
      const zoneQueue = await api.gql(
        'query($z: ID) { revisitTasks(zoneId: $z, first: 100) { edges { node { id zoneId } } } }',
        { z: w.zone },
        supervisor,
      );
      expect(
        zoneQueue.data?.revisitTasks.edges.map((e: { node: { id: string } }) => e.node.id).sort(),
      ).toEqual(inZone.sort());
      const archive = await api.gql(
        'query($z: ID) { revisitArchive(zoneId: $z) { count } }',
        { z: w.zone },
        supervisor,
      );
      expect(archive.data?.revisitArchive.count).toBe(inZone.length);
      const later = await api.gql(
        'query($d: DateTime) { revisitTasks(dueBefore: $d) { edges { node { id } } } }',
        { d: new Date(Date.now() + DAY).toISOString() },
        supervisor,
      );
      expect(later.data?.revisitTasks.edges).toEqual([]);
    });

    it('creates the same rows when two runs overlap', async () => {
      const t = await api.tenant();
      await world(t);
      const job = api.app.get(RevisitSchedulerJob, { strict: false });
      const [one, two] = await Promise.all([job.run(t.tenantId), job.run(t.tenantId)]);
      const total = (r: typeof one) => r.afterSales + r.maintenance + r.supervisory;
      const tasks = await tasksOf(t);
      expect(total(one) + total(two)).toBe(tasks.length);
      expect(Math.min(total(one), total(two))).toBe(0);
      expect(
        new Set(
          tasks.map((task) => task.visit_id ?? task.complaint_id ?? task.work_order_id ?? task.customer_id),
        ).size,
      ).toBe(tasks.length);
    });

    it('never gives anyone more than the daily cap; the rest waits unassigned', async () => {
      const t = await api.tenant();
      await api.gql(
        'mutation($input: UpdateRevisitSettingsInput!) { updateRevisitSettings(input: $input) { dailyCap } }',
        { input: { dailyCap: 1, supervisoryShare: 1 } },
        await t.token(Role.SUPERVISOR),
      );
      const w = await world(t);
      const job = api.app.get(RevisitSchedulerJob, { strict: false });
      await job.run(t.tenantId);
      const supervisory = (await tasksOf(t)).filter((task) => task.type === 'SUPERVISORY');
      // Every closed complaint and work order sampled (share 1); one supervisor, one a day.
      expect(supervisory).toHaveLength(w.complaints.length + w.orders.length);
      const perDay = new Map<string, number>();
      for (const task of supervisory.filter((task) => task.assignee_id)) {
        const day = new Date(task.due_at).toISOString().slice(0, 10);
        perDay.set(day, (perDay.get(day) ?? 0) + 1);
      }
      expect([...perDay.values()].every((n) => n <= 1)).toBe(true);
      expect(supervisory.filter((task) => task.assignee_id).length).toBeGreaterThanOrEqual(1);
      const waiting = supervisory.filter((task) => !task.assignee_id).map((task) => task.id);
      expect(waiting.length).toBeGreaterThan(0);
      const pool = await api.gql(
        '{ revisitTasks(unassigned: true, types: [SUPERVISORY], first: 100) { edges { node { id } } } }',
        {},
        await t.token(Role.SUPERVISOR),
      );
      expect(pool.data?.revisitTasks.edges.map((e: { node: { id: string } }) => e.node.id).sort()).toEqual(
        waiting.sort(),
      );
      expect(await job.run(t.tenantId)).toEqual({
        afterSales: 0,
        maintenance: 0,
        supervisory: 0,
        assigned: 0,
      });
    });

    it('does not schedule maintenance again within the cadence, and does after it', async () => {
      const t = await api.tenant();
      const w = await world(t);
      const job = api.app.get(RevisitSchedulerJob, { strict: false });
      await job.run(t.tenantId);
      await asOwner(t.tenantId, (client) =>
        client.query(
          `UPDATE revisit_tasks SET status = 'COMPLETED', satisfaction = 5, completed_at = now() - interval '10 days',
             due_at = now() - interval '10 days' WHERE tenant_id = $1 AND type = 'MAINTENANCE'`,
          [t.tenantId],
        ),
      );
      expect((await job.run(t.tenantId)).maintenance).toBe(0);
      await asOwner(t.tenantId, (client) =>
        client.query(
          `UPDATE revisit_tasks SET completed_at = now() - interval '31 days', due_at = now() - interval '31 days'
           WHERE tenant_id = $1 AND type = 'MAINTENANCE'`,
          [t.tenantId],
        ),
      );
      expect((await job.run(t.tenantId)).maintenance).toBe(1);
      const maintenance = (await tasksOf(t)).filter((task) => task.type === 'MAINTENANCE');
      expect(maintenance.map((task) => task.customer_id)).toEqual([w.premium, w.premium]);
    });

    it('emits revisit.due once per overdue revisit, even when runs overlap', async () => {
      const t = await api.tenant();
      const a = await resolvedComplaint(api, t, { phone: '13900000021' });
      const b = await resolvedComplaint(api, t, { phone: '13900000022' });
      await resolvedComplaint(api, t, { phone: '13900000023' });
      await asOwner(t.tenantId, (client) =>
        client.query(
          `UPDATE revisit_tasks SET due_at = now() - interval '1 hour' WHERE tenant_id = $1 AND id = ANY($2)`,
          [t.tenantId, [a.revisitId, b.revisitId]],
        ),
      );
      const job = api.app.get(RevisitDueJob, { strict: false });
      const runs = await Promise.all([job.run(t.tenantId), job.run(t.tenantId), job.run(t.tenantId)]);
      expect(runs.reduce((sum, run) => sum + run.reminded, 0)).toBe(2);
      expect(await job.run(t.tenantId)).toEqual({ reminded: 0 });
      for (const id of [a.revisitId, b.revisitId]) {
        const due = (await eventsOf(t, id)).filter((e) => e.type === 'revisit.due');
        expect(due).toEqual([
          expect.objectContaining({
            data: expect.objectContaining({ type: 'COMPLAINT', assigneeId: t.users.AGENT.id }),
          }),
        ]);
      }
    });
  });
});
