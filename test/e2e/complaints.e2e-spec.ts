import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SlaMonitorJob } from '@service-desk/complaints';
import { Role } from '@service-desk/core';
import { asOwner, errorCode, graphql, randomClientAddress } from '@service-desk/testing';
import { type ApiHarness, startApi } from '../support/api.js';

type Tenant = Awaited<ReturnType<ApiHarness['tenant']>>;
const FIELDS =
  'id number state severity handlerId escalationLevel firstReplyDueAt resolutionDueAt dueAt slaStatus reopenCount';
const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

describe('complaint desk', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  const mutate = (name: string, input: Record<string, unknown>, token: string, fields = FIELDS) => {
    const type =
      name === 'startInvestigation' ? 'ComplaintIdInput' : `${name[0].toUpperCase()}${name.slice(1)}Input`;
    return api.gql(`mutation($input: ${type}!) { ${name}(input: $input) { ${fields} } }`, { input }, token);
  };
  const submit = async (t: Tenant, input: Record<string, unknown> = {}) => {
    const result = await mutate(
      'submitComplaint',
      {
        contactName: '张先生',
        contactPhone: '13700001234',
        channel: 'PHONE',
        category: 'SERVICE_ATTITUDE',
        title: '服务态度差',
        description: '前台服务态度很差',
        ...input,
      },
      await t.token(Role.AGENT),
    );
    if (!result.data) throw new Error(JSON.stringify(result.errors));
    return result.data.submitComplaint;
  };
  /** Moves a complaint's clocks into the past, as if it had been received `hours` ago. */
  const age = (t: Tenant, id: string, hours: number) =>
    asOwner(t.tenantId, (client) =>
      client.query(
        `UPDATE complaints SET received_at = received_at - make_interval(hours => $2), clock_started_at = clock_started_at - make_interval(hours => $2),
           first_reply_due_at = first_reply_due_at - make_interval(hours => $2), first_reply_warn_at = first_reply_warn_at - make_interval(hours => $2),
           resolution_due_at = resolution_due_at - make_interval(hours => $2), resolution_warn_at = resolution_warn_at - make_interval(hours => $2)
         WHERE id = $1`,
        [id, hours],
      ),
    );
  const eventsOf = (t: Tenant, id: string) =>
    asOwner(
      t.tenantId,
      async (client) =>
        (await client.query(`SELECT type, data FROM tenant_events WHERE entity_id = $1 ORDER BY seq`, [id]))
          .rows,
    );

  describe('SLA clocks', () => {
    it('applies the manual defaults (24 h reply, 48 h resolution) and per-severity overrides', async () => {
      const t = await api.tenant();
      const owner = await t.token(Role.OWNER);
      const normal = await submit(t);
      const hoursTo = (iso: string) => (new Date(iso).getTime() - Date.now()) / 3_600_000;
      expect(hoursTo(normal.firstReplyDueAt)).toBeCloseTo(24, 1);
      expect(hoursTo(normal.resolutionDueAt)).toBeCloseTo(48, 1);

      const updated = await api.gql(
        'mutation($input: UpdateSlaPolicyInput!) { updateSlaPolicy(input: $input) { firstReplyMinutes severityOverrides { severity firstReplyMinutes resolutionMinutes } } }',
        {
          input: {
            severityOverrides: [{ severity: 'CRITICAL', firstReplyMinutes: 60, resolutionMinutes: 480 }],
          },
        },
        owner,
      );
      expect(updated.data?.updateSlaPolicy.severityOverrides).toEqual([
        { severity: 'CRITICAL', firstReplyMinutes: 60, resolutionMinutes: 480 },
      ]);

      // Raising the severity of an open complaint recomputes its deadlines.
      const assessed = await mutate(
        'assessComplaint',
        { complaintId: normal.id, severity: 'CRITICAL' },
        await t.token(Role.AGENT),
      );
      expect(hoursTo(assessed.data?.assessComplaint.firstReplyDueAt)).toBeCloseTo(1, 1);
      expect(hoursTo(assessed.data?.assessComplaint.resolutionDueAt)).toBeCloseTo(8, 1);
    });

    it('pauses the resolution clock while waiting for the customer and moves the deadline by the pause', async () => {
      const t = await api.tenant();
      const agent = await t.token(Role.AGENT);
      const submitted = await submit(t);
      // Received four hours ago; three of them were spent waiting for the customer.
      await age(t, submitted.id, 4);
      const c = (
        await api.gql(
          'query($id: ID!) { complaint(id: $id) { id resolutionDueAt } }',
          { id: submitted.id },
          agent,
        )
      ).data?.complaint;
      await mutate('acknowledgeComplaint', { complaintId: c.id, promisedReplyAt: inHours(5) }, agent);
      await mutate('startInvestigation', { complaintId: c.id }, agent);
      const waiting = await mutate(
        'requestCustomerInfo',
        { complaintId: c.id, question: '请提供小票照片' },
        agent,
      );
      expect(waiting.data?.requestCustomerInfo).toMatchObject({
        state: 'AWAITING_CUSTOMER',
        resolutionDueAt: null,
        slaStatus: 'PAUSED',
      });
      // Three hours pass while the customer looks for the receipt.
      await asOwner(t.tenantId, (client) =>
        client.query(
          `UPDATE complaint_pauses SET started_at = started_at - interval '3 hours' WHERE complaint_id = $1`,
          [c.id],
        ),
      );
      const replied = await mutate('recordCustomerReply', { complaintId: c.id, reply: '照片已发送' }, agent);
      expect(replied.data?.recordCustomerReply.state).toBe('INVESTIGATING');
      const shift =
        (new Date(replied.data?.recordCustomerReply.resolutionDueAt).getTime() -
          new Date(c.resolutionDueAt).getTime()) /
        3_600_000;
      expect(shift).toBeCloseTo(3, 1);
      const pauses = await api.gql(
        'query($id: ID!) { complaint(id: $id) { pauses { reason endedAt } } }',
        { id: c.id },
        agent,
      );
      expect(pauses.data?.complaint.pauses).toEqual([
        { reason: '请提供小票照片', endedAt: expect.any(String) },
      ]);
    });

    it('counts business hours when the tenant sets a calendar', async () => {
      const t = await api.tenant();
      const owner = await t.token(Role.OWNER);
      const policy = await api.gql(
        'mutation($input: UpdateSlaPolicyInput!) { updateSlaPolicy(input: $input) { businessHours { days start end } holidays timeZone } }',
        {
          input: {
            businessHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' },
            holidays: ['2026-12-25'],
          },
        },
        owner,
      );
      expect(policy.data?.updateSlaPolicy).toEqual({
        businessHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' },
        holidays: ['2026-12-25'],
        timeZone: 'Asia/Shanghai',
      });
      const c = await submit(t);
      // 24 working hours of 9-hour days take more than two calendar days.
      expect(new Date(c.firstReplyDueAt).getTime() - Date.now()).toBeGreaterThan(48 * 3_600_000);
      const bad = await api.gql(
        'mutation($input: UpdateSlaPolicyInput!) { updateSlaPolicy(input: $input) { timeZone } }',
        { input: { businessHours: { days: [1], start: '18:00', end: '09:00' } } },
        owner,
      );
      expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    });

    it('lets HQ publish a chain floor that tenants may tighten but not loosen', async () => {
      const t = await api.tenant();
      const hq = await t.token(Role.HQ_ADMIN);
      const owner = await t.token(Role.OWNER);
      const floor = await api.gql(
        'mutation($input: PublishSlaFloorInput!) { publishSlaFloor(input: $input) { resolutionMinutes } }',
        { input: { resolutionMinutes: 1440 } },
        hq,
      );
      expect(floor.data?.publishSlaFloor.resolutionMinutes).toBe(1440);
      const looser = await api.gql(
        'mutation($input: UpdateSlaPolicyInput!) { updateSlaPolicy(input: $input) { resolutionMinutes } }',
        { input: { resolutionMinutes: 2880 } },
        owner,
      );
      expect(errorCode(looser)).toBe('BAD_USER_INPUT');
      const tighter = await api.gql(
        'mutation($input: UpdateSlaPolicyInput!) { updateSlaPolicy(input: $input) { resolutionMinutes chainFloor { resolutionMinutes } } }',
        { input: { resolutionMinutes: 720 } },
        owner,
      );
      expect(tighter.data?.updateSlaPolicy).toEqual({
        resolutionMinutes: 720,
        chainFloor: { resolutionMinutes: 1440 },
      });
      // The existing default of 48 h is capped by the floor for new complaints even before the owner acts.
      const other = await api.tenant();
      expect(other.chainId).not.toBe(t.chainId);
    });
  });

  describe('escalation and compensation authority', () => {
    it('enforces the authority per role and lets the owner configure it', async () => {
      const t = await api.tenant();
      const offer = async (role: Role, amount: number) => {
        const c = await submit(t);
        const token = await t.token(role);
        await mutate('acknowledgeComplaint', { complaintId: c.id, promisedReplyAt: inHours(2) }, token);
        await mutate('startInvestigation', { complaintId: c.id }, token);
        return mutate(
          'proposeResolution',
          { complaintId: c.id, options: [{ remedy: 'REFUND', amount, description: 'Refund' }] },
          token,
        );
      };
      expect((await offer(Role.AGENT, 200)).data?.proposeResolution.state).toBe('PROPOSED');
      const over = await offer(Role.AGENT, 200.01);
      expect(errorCode(over)).toBe('COMPENSATION_LIMIT_EXCEEDED');
      expect(errorCode(await offer(Role.SUPERVISOR, 2500))).toBe('COMPENSATION_LIMIT_EXCEEDED');
      expect((await offer(Role.SUPERVISOR, 2000)).data?.proposeResolution.state).toBe('PROPOSED');
      expect((await offer(Role.OWNER, 50_000)).data?.proposeResolution.state).toBe('PROPOSED');

      const owner = await t.token(Role.OWNER);
      const limits = await api.gql(
        'mutation($input: CompensationLimitsInput!) { updateCompensationLimits(input: $input) { agent supervisor } }',
        { input: { agent: 500, supervisor: 5000 } },
        owner,
      );
      expect(limits.data?.updateCompensationLimits).toEqual({ agent: 500, supervisor: 5000 });
      expect((await offer(Role.AGENT, 450)).data?.proposeResolution.state).toBe('PROPOSED');
      const notByAgent = await api.gql(
        'mutation($input: CompensationLimitsInput!) { updateCompensationLimits(input: $input) { agent } }',
        { input: { agent: 1, supervisor: 2 } },
        await t.token(Role.AGENT),
      );
      expect(errorCode(notByAgent)).toBe('FORBIDDEN');
    });

    it('escalates agent → supervisor → owner, one handler at a time, and no further', async () => {
      const t = await api.tenant();
      const c = await submit(t);
      const agent = await t.token(Role.AGENT);
      const first = await mutate(
        'escalateComplaint',
        { complaintId: c.id, reason: 'Beyond my authority', agreedReplyAt: inHours(3) },
        agent,
      );
      expect(first.data?.escalateComplaint).toMatchObject({
        escalationLevel: 1,
        handlerId: t.users.SUPERVISOR.id,
      });
      const second = await mutate(
        'escalateComplaint',
        { complaintId: c.id, reason: 'Customer asks for the manager', agreedReplyAt: inHours(6) },
        await t.token(Role.SUPERVISOR),
      );
      expect(second.data?.escalateComplaint).toMatchObject({
        escalationLevel: 2,
        handlerId: t.users.OWNER.id,
      });
      const third = await mutate(
        'escalateComplaint',
        { complaintId: c.id, reason: 'Again', agreedReplyAt: inHours(6) },
        await t.token(Role.OWNER),
      );
      expect(errorCode(third)).toBe('INVALID_TRANSITION');
      const past = await mutate(
        'escalateComplaint',
        { complaintId: (await submit(t)).id, reason: 'x', agreedReplyAt: inHours(-1) },
        agent,
      );
      expect(errorCode(past)).toBe('BAD_USER_INPUT');
      const detail = await api.gql(
        'query($id: ID!) { complaint(id: $id) { escalations { fromLevel toLevel reason agreedReplyAt bySystem } promises { kind } } }',
        { id: c.id },
        agent,
      );
      expect(detail.data?.complaint.escalations.map((e: { toLevel: number }) => e.toLevel)).toEqual([1, 2]);
      expect(detail.data?.complaint.promises.map((p: { kind: string }) => p.kind)).toEqual([
        'ESCALATION',
        'ESCALATION',
      ]);
    });
  });

  describe('SLA monitor', () => {
    it('warns at 80 %, breaches at 100 % with escalation, and breaks unmet promises, exactly once even when run concurrently', async () => {
      const t = await api.tenant();
      const monitor = api.app.get(SlaMonitorJob, { strict: false });
      const warn = await submit(t);
      await age(t, warn.id, 20); // 20 of 24 h to the first reply: past 80 %
      const breach = await submit(t);
      await age(t, breach.id, 25); // past the first-reply deadline
      const promised = await submit(t);
      await mutate(
        'acknowledgeComplaint',
        { complaintId: promised.id, promisedReplyAt: inHours(1) },
        await t.token(Role.AGENT),
      );
      await asOwner(t.tenantId, (client) =>
        client.query(
          `UPDATE complaint_promises SET due_at = now() - interval '1 minute' WHERE complaint_id = $1`,
          [promised.id],
        ),
      );

      const results = await Promise.all([
        monitor.run(t.tenantId),
        monitor.run(t.tenantId),
        monitor.run(t.tenantId),
      ]);
      const total = (key: keyof (typeof results)[0]) => results.reduce((sum, r) => sum + r[key], 0);
      expect(total('warnings')).toBe(1);
      expect(total('escalations')).toBe(1);
      expect(total('brokenPromises')).toBe(1);
      expect(total('breaches')).toBeGreaterThanOrEqual(1);

      expect((await eventsOf(t, warn.id)).map((e) => e.type)).toEqual(['complaint.submitted', 'sla.warning']);
      const breachEvents = (await eventsOf(t, breach.id)).map((e) => e.type);
      expect(breachEvents.filter((type) => type === 'sla.breached').length).toBeGreaterThanOrEqual(1);
      expect(breachEvents.filter((type) => type === 'complaint.escalated')).toHaveLength(1);
      const escalated = await api.gql(
        'query($id: ID!) { complaint(id: $id) { escalationLevel handlerId slaStatus escalations { bySystem reason } } }',
        { id: breach.id },
        await t.token(Role.AGENT),
      );
      expect(escalated.data?.complaint).toMatchObject({
        escalationLevel: 1,
        handlerId: t.users.SUPERVISOR.id,
        slaStatus: 'BREACHED',
        escalations: [{ bySystem: true, reason: 'SLA breached' }],
      });
      expect((await eventsOf(t, promised.id)).map((e) => e.type)).toContain('complaint.promise_broken');

      // Running again finds nothing new.
      expect(await monitor.run(t.tenantId)).toEqual({
        warnings: 0,
        breaches: 0,
        escalations: 0,
        brokenPromises: 0,
      });
    });

    it('does not run the resolution clock while waiting for the customer', async () => {
      const t = await api.tenant();
      const agent = await t.token(Role.AGENT);
      const c = await submit(t);
      await mutate('acknowledgeComplaint', { complaintId: c.id, promisedReplyAt: inHours(1) }, agent);
      await mutate('startInvestigation', { complaintId: c.id }, agent);
      await mutate('requestCustomerInfo', { complaintId: c.id, question: 'Photo please' }, agent);
      await age(t, c.id, 100);
      const result = await api.app.get(SlaMonitorJob, { strict: false }).run(t.tenantId);
      expect(result.breaches).toBe(0);
    });
  });

  describe('closing the loop and learning', () => {
    const resolved = async (t: Tenant) => {
      const token = await t.token(Role.SUPERVISOR);
      const c = await submit(t);
      await mutate('acknowledgeComplaint', { complaintId: c.id, promisedReplyAt: inHours(2) }, token);
      await mutate('startInvestigation', { complaintId: c.id }, token);
      const proposed = await mutate(
        'proposeResolution',
        { complaintId: c.id, options: [{ remedy: 'APOLOGY', amount: 0, description: '当面道歉' }] },
        token,
        'id',
      );
      expect(proposed.errors).toBeUndefined();
      const detail = await api.gql(
        'query($id: ID!) { complaint(id: $id) { proposals { options { id } } } }',
        { id: c.id },
        token,
      );
      await mutate(
        'recordCustomerDecision',
        { complaintId: c.id, accepted: true, optionIds: [detail.data?.complaint.proposals[0].options[0].id] },
        token,
      );
      const done = await mutate('resolveComplaint', { complaintId: c.id, summary: '已道歉' }, token);
      expect(done.data?.resolveComplaint.state).toBe('RESOLVED');
      return c.id as string;
    };

    it('lets only the owner force-close before the revisit, with a reason', async () => {
      const t = await api.tenant();
      const id = await resolved(t);
      expect(
        errorCode(
          await mutate(
            'closeComplaint',
            { complaintId: id, force: true, reason: 'Customer moved away' },
            await t.token(Role.SUPERVISOR),
          ),
        ),
      ).toBe('FORBIDDEN');
      expect(
        errorCode(
          await mutate('closeComplaint', { complaintId: id, force: true }, await t.token(Role.OWNER)),
        ),
      ).toBe('BAD_USER_INPUT');
      const closed = await mutate(
        'closeComplaint',
        { complaintId: id, force: true, reason: 'Customer moved away' },
        await t.token(Role.OWNER),
        'state forceClosed closeReason revisits { status }',
      );
      expect(closed.data?.closeComplaint).toEqual({
        state: 'CLOSED',
        forceClosed: true,
        closeReason: 'Customer moved away',
        revisits: [{ status: 'CANCELLED' }],
      });
    });

    it('reopens within 30 days (counting reopens, restarting the clock) but not after', async () => {
      const t = await api.tenant();
      const id = await resolved(t);
      const reopened = await mutate(
        'reopenComplaint',
        { complaintId: id, reason: 'Problem came back' },
        await t.token(Role.AGENT),
      );
      expect(reopened.data?.reopenComplaint).toMatchObject({
        state: 'INVESTIGATING',
        reopenCount: 1,
        slaStatus: 'ON_TRACK',
      });

      const old = await resolved(t);
      await asOwner(t.tenantId, (client) =>
        client.query(`UPDATE complaints SET resolved_at = now() - interval '31 days' WHERE id = $1`, [old]),
      );
      expect(
        errorCode(
          await mutate(
            'reopenComplaint',
            { complaintId: old, reason: 'Too late' },
            await t.token(Role.AGENT),
          ),
        ),
      ).toBe('INVALID_TRANSITION');
    });

    it('evaluates closed complaints into a case library searchable in Chinese and English', async () => {
      const t = await api.tenant();
      const id = await resolved(t);
      await asOwner(t.tenantId, (client) =>
        client.query(`UPDATE revisit_tasks SET status = 'UNREACHABLE' WHERE complaint_id = $1`, [id]),
      );
      await mutate('closeComplaint', { complaintId: id }, await t.token(Role.AGENT));
      expect(
        errorCode(
          await mutate(
            'evaluateComplaint',
            { complaintId: id, rootCause: 'x', preventiveAction: 'y', addToCaseLibrary: true },
            await t.token(Role.AGENT),
          ),
        ),
      ).toBe('FORBIDDEN');
      const evaluated = await mutate(
        'evaluateComplaint',
        {
          complaintId: id,
          rootCause: '前台员工未经培训',
          preventiveAction: 'Weekly service-attitude training 每周培训',
          addToCaseLibrary: true,
        },
        await t.token(Role.SUPERVISOR),
        'inCaseLibrary rootCause',
      );
      expect(evaluated.data?.evaluateComplaint).toEqual({
        inCaseLibrary: true,
        rootCause: '前台员工未经培训',
      });
      for (const text of ['培训', '服务态度', 'training', 'ATTITUDE']) {
        const found = await api.gql(
          'query($s: String) { caseLibrary(search: $s) { edges { node { id } } } }',
          { s: text },
          await t.token(Role.HR),
        );
        expect(found.data?.caseLibrary.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([id]);
      }
      const none = await api.gql(
        'query($s: String) { caseLibrary(search: $s) { edges { node { id } } } }',
        { s: '没有这个' },
        await t.token(Role.HR),
      );
      expect(none.data?.caseLibrary.edges).toEqual([]);
    });
  });

  describe('queue, reports and records', () => {
    it('lists the queue soonest deadline first, with filters and overdue', async () => {
      const t = await api.tenant();
      const agent = await t.token(Role.AGENT);
      const late = await submit(t, { title: 'Late one', category: 'MANAGEMENT' });
      await age(t, late.id, 30);
      const fresh = await submit(t, { title: 'Fresh one', severity: 'LOW' });
      const list = await api.gql('{ complaints(first: 10) { edges { node { id } } } }', {}, agent);
      expect(list.data?.complaints.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([
        late.id,
        fresh.id,
      ]);
      const overdue = await api.gql(
        '{ complaints(first: 10, overdue: true) { edges { node { id } } } }',
        {},
        agent,
      );
      expect(overdue.data?.complaints.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([
        late.id,
      ]);
      const byText = await api.gql(
        '{ complaints(first: 10, text: "Fresh", severity: LOW, states: [RECEIVED]) { edges { node { id } } } }',
        {},
        agent,
      );
      expect(byText.data?.complaints.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([
        fresh.id,
      ]);
      const page1 = await api.gql(
        '{ complaints(first: 1) { edges { node { id } } pageInfo { hasNextPage endCursor } } }',
        {},
        agent,
      );
      const page2 = await api.gql(
        'query($after: String) { complaints(first: 1, after: $after) { edges { node { id } } pageInfo { hasNextPage } } }',
        { after: page1.data?.complaints.pageInfo.endCursor },
        agent,
      );
      expect(page2.data?.complaints.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([
        fresh.id,
      ]);
      expect(page2.data?.complaints.pageInfo.hasNextPage).toBe(false);
    });

    it('builds the circulation report and the printable complaint record', async () => {
      const t = await api.tenant();
      const customer = await api.gql(
        'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }',
        { input: { name: '回头客' } },
        await t.token(Role.AGENT),
      );
      const customerId = customer.data?.createCustomer.id;
      const a = await submit(t, { customerId, category: 'PRODUCT_QUALITY', subcategory: '过期' });
      await submit(t, { customerId, category: 'PRODUCT_QUALITY', subcategory: '过期', channel: 'WEB' });
      await mutate(
        'acknowledgeComplaint',
        { complaintId: a.id, promisedReplyAt: inHours(1) },
        await t.token(Role.AGENT),
      );
      const report = await api.gql(
        `query($period: PeriodInput!) { circulationReport(period: $period) {
           total byCategory { key count } byChannel { key count } firstReplyOnTimeRate repeatCustomers { name count } repeatIssues { category subcategory count } csv } }`,
        { period: { from: inHours(-1), to: inHours(1) } },
        await t.token(Role.SUPERVISOR),
      );
      const r = report.data?.circulationReport;
      expect(r.total).toBe(2);
      expect(r.byCategory).toEqual([{ key: 'PRODUCT_QUALITY', count: 2 }]);
      expect(r.firstReplyOnTimeRate).toBe(1);
      expect(r.repeatCustomers).toEqual([{ name: '回头客', count: 2 }]);
      expect(r.repeatIssues).toEqual([{ category: 'PRODUCT_QUALITY', subcategory: '过期', count: 2 }]);
      expect(r.csv).toContain('"category","PRODUCT_QUALITY","2"');
      expect(
        errorCode(
          await api.gql(
            'query($period: PeriodInput!) { circulationReport(period: $period) { total } }',
            { period: { from: inHours(1), to: inHours(-1) } },
            await t.token(Role.OWNER),
          ),
        ),
      ).toBe('BAD_USER_INPUT');

      const record = await api.gql(
        'query($id: ID!) { complaintRecord(id: $id) { csv html } }',
        { id: a.id },
        await t.token(Role.AGENT),
      );
      expect(record.data?.complaintRecord.csv).toContain('顾客 Customer');
      expect(record.data?.complaintRecord.csv).toContain('complaint.acknowledged');
      expect(record.data?.complaintRecord.html).toMatch(/^<!doctype html>/);
      expect(record.data?.complaintRecord.html).toContain('顾客投诉意见处理表');
    });
  });

  describe('public intake', () => {
    const SUBMIT =
      'mutation($input: SubmitPublicComplaintInput!) { submitPublicComplaint(input: $input) { trackingCode firstReplyDueAt } }';
    const STATUS =
      'query($code: String!) { complaintStatus(trackingCode: $code) { state title messages { body } } }';

    it('takes a complaint without login, gives a tracking code and shows only public messages', async () => {
      const t = await api.tenant();
      const address = randomClientAddress();
      const input = {
        tenantSlug: t.slug,
        name: '王女士',
        phone: '13600002222',
        description: '网购的商品少发了一件',
        idempotencyKey: `web-${t.slug}-1`,
      };
      const filed = await graphql(api.url, SUBMIT, { input }, undefined, address);
      const code = filed.data?.submitPublicComplaint.trackingCode;
      expect(code).toMatch(/^CT-[A-Z0-9]{5}-[A-Z0-9]{5}$/);
      const again = await graphql(api.url, SUBMIT, { input }, undefined, address);
      expect(again.data?.submitPublicComplaint.trackingCode).toBe(code);

      const queue = await api.gql(
        '{ complaints(first: 5) { edges { node { id channel handlerId } } } }',
        {},
        await t.token(Role.AGENT),
      );
      const node = queue.data?.complaints.edges[0].node;
      expect(queue.data?.complaints.edges).toHaveLength(1);
      expect(node).toMatchObject({ channel: 'WEB', handlerId: t.users.AGENT.id });

      await mutate(
        'acknowledgeComplaint',
        { complaintId: node.id, promisedReplyAt: inHours(3), message: '已收到，正在核实。' },
        await t.token(Role.AGENT),
      );
      await api.gql(
        'mutation($input: AddComplaintNoteInput!) { addComplaintNote(input: $input) { id } }',
        { input: { complaintId: node.id, body: 'Internal: warehouse error by Li' } },
        await t.token(Role.AGENT),
      );
      const status = await graphql(api.url, STATUS, { code }, undefined, address);
      expect(status.data?.complaintStatus).toEqual({
        state: 'ACKNOWLEDGED',
        title: '网购的商品少发了一件',
        messages: [{ body: '已收到，正在核实。' }],
      });
      expect(JSON.stringify(status)).not.toContain('Li');
    });

    it('refuses unknown stores, missing contact, oversize text, bad codes, and floods from one address', async () => {
      const t = await api.tenant();
      const address = randomClientAddress();
      const base = {
        tenantSlug: t.slug,
        name: 'A',
        email: 'a@example.com',
        description: 'Something went wrong',
      };
      expect(
        errorCode(
          await graphql(
            api.url,
            SUBMIT,
            { input: { ...base, tenantSlug: 'no-such-store' } },
            undefined,
            address,
          ),
        ),
      ).toBe('NOT_FOUND');
      expect(
        errorCode(
          await graphql(api.url, SUBMIT, { input: { ...base, email: undefined } }, undefined, address),
        ),
      ).toBe('BAD_USER_INPUT');
      expect(
        errorCode(
          await graphql(
            api.url,
            SUBMIT,
            { input: { ...base, description: 'x'.repeat(2001) } },
            undefined,
            address,
          ),
        ),
      ).toBe('BAD_USER_INPUT');
      expect(errorCode(await graphql(api.url, STATUS, { code: 'CT-AAAAA-AAAAA' }, undefined, address))).toBe(
        'NOT_FOUND',
      );
      expect(errorCode(await graphql(api.url, STATUS, { code: "' OR 1=1" }, undefined, address))).toBe(
        'BAD_USER_INPUT',
      );
      const codes: Array<string | undefined> = [];
      for (let i = 0; i < 11; i++)
        codes.push(errorCode(await graphql(api.url, SUBMIT, { input: base }, undefined, address)));
      expect(codes.slice(0, 10)).toEqual(Array(10).fill(undefined));
      expect(codes[10]).toBe('RATE_LIMITED');
    });
  });
});
