import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newId, Role } from '@service-desk/core';
import { asOwner, errorCode, type GraphqlResult } from '@service-desk/testing';
import { type ApiHarness, startApi } from '../support/api.js';

/**
 * Behaviour evidence (DESIGN section 6.6): BARS scales, the supervisor's team, ratings citing
 * critical incidents, BOS and paired comparison, through the API against the real database.
 */
type Tenant = Awaited<ReturnType<ApiHarness['tenant']>>;

const SCALE = 'id dimension name description weight active position anchors { level anchor }';
const RATING = 'id staffId scaleId dimension scaleName level anchor comment incidentIds ratedById ratedAt';
const INCIDENT = 'id staffId kind description occurredAt complaintId workOrderId recordedById';
const SESSION = `id name state staffIds judgedPairs totalPairs complete closedAt createdById
  ranking { staffId name wins losses judged rank } judgements { firstStaffId secondStaffId winnerId }`;

const SCALES = `query($active: Boolean) { barsScales(active: $active) { ${SCALE} } }`;
const ADOPT = `mutation { adoptDefaultBarsScales { ${SCALE} } }`;
const CREATE_SCALE = `mutation($input: CreateBarsScaleInput!) { createBarsScale(input: $input) { ${SCALE} } }`;
const UPDATE_SCALE = `mutation($input: UpdateBarsScaleInput!) { updateBarsScale(input: $input) { ${SCALE} } }`;
const RATE = `mutation($input: RateBehaviorInput!) { rateBehavior(input: $input) { ${RATING} } }`;
const RATINGS = `query($staffId: ID!, $from: DateTime, $to: DateTime, $first: Int, $after: String) {
  behaviorRatings(staffId: $staffId, from: $from, to: $to, first: $first, after: $after) {
    edges { cursor node { ${RATING} } } pageInfo { hasNextPage endCursor } } }`;
const RECORD = `mutation($input: RecordCriticalIncidentInput!) { recordCriticalIncident(input: $input) { ${INCIDENT} } }`;
const INCIDENTS = `query($staffId: ID!, $kind: IncidentKind, $first: Int, $after: String) {
  criticalIncidents(staffId: $staffId, kind: $kind, first: $first, after: $after) {
    edges { node { ${INCIDENT} } } pageInfo { hasNextPage endCursor } } }`;
const BOS_ITEMS = '{ bosItems { id behavior active position } }';
const CREATE_BOS =
  'mutation($input: CreateBosItemInput!) { createBosItem(input: $input) { id behavior position } }';
const RATE_FREQUENCY =
  'mutation($input: RateBehaviorFrequencyInput!) { rateBehaviorFrequency(input: $input) { id staffId itemId behavior frequency ratedById } }';
const START = `mutation($input: StartPairedComparisonInput!) { startPairedComparison(input: $input) { ${SESSION} } }`;
const JUDGE = `mutation($input: JudgePairInput!) { judgePair(input: $input) { ${SESSION} } }`;
const CLOSE = `mutation($input: PairedComparisonIdInput!) { closePairedComparison(input: $input) { ${SESSION} } }`;
const SESSION_QUERY = `query($id: ID!) { pairedComparison(id: $id) { ${SESSION} } }`;

const ANCHORS = [
  '挂断顾客电话 Hangs up on the caller.',
  '接听但不作记录 Answers without taking notes.',
  '记录并复述要点 Notes and reads back the points.',
  '问清需求并约定回复时间 Clarifies the need and agrees a reply time.',
  '按约定回电并确认满意 Calls back as agreed and confirms satisfaction.',
];

/** Today in the fixture tenants' zone (Asia/Shanghai), YYYY-MM-DD. */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

function data<T = Record<string, any>>(result: GraphqlResult<T>): T {
  if (result.errors || !result.data) throw new Error(`unexpected errors ${JSON.stringify(result.errors)}`);
  return result.data;
}

const eventTypes = (tenantId: string) =>
  asOwner(tenantId, async (client) => {
    const { rows } = await client.query('SELECT type FROM tenant_events WHERE tenant_id = $1 ORDER BY seq', [
      tenantId,
    ]);
    return rows.map((row: { type: string }) => row.type);
  });

/** A staff member added straight to the database (they never log in here). */
const addStaff = (tenant: Tenant, role: Role, name: string) =>
  asOwner(tenant.tenantId, async (client) => {
    const id = newId();
    await client.query(
      `INSERT INTO users (tenant_id, id, email, display_name, role, password_hash)
       VALUES ($1, $2, $3, $4, $5, 'not-a-login')`,
      [tenant.tenantId, id, `${id}@fixture.test`, name, role],
    );
    return id;
  });

describe('behaviour evidence', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  /**
   * The supervisor's team: the fixture's field staff member rostered in a zone the supervisor is
   * responsible for, and the agent on the supervisor's front-desk shift. Outsiders: a field staff
   * member in another supervisor's zone and an agent on another shift.
   */
  async function team(t: Tenant) {
    const owner = await t.token(Role.OWNER);
    const gql = (query: string, input: Record<string, unknown>) => api.gql(query, { input }, owner);
    const otherSupervisor = await addStaff(t, Role.SUPERVISOR, 'Other supervisor');
    const fieldOutsider = await addStaff(t, Role.FIELD_STAFF, 'Field outsider');
    const agentOutsider = await addStaff(t, Role.AGENT, 'Agent outsider');
    const zone = (name: string, responsibleId: string) =>
      gql('mutation($input: CreateZoneInput!) { createZone(input: $input) { id } }', { name, responsibleId });
    const shift = (name: string, team: string, start: string, end: string) =>
      gql('mutation($input: CreateShiftInput!) { createShift(input: $input) { id } }', {
        name,
        team,
        start,
        end,
      });
    const mine = data(await zone('Building A', t.users.SUPERVISOR.id)).createZone.id;
    const theirs = data(await zone('Garden', otherSupervisor)).createZone.id;
    const field = data(await shift('FIELD-DAY', 'FIELD', '08:30', '17:30')).createShift.id;
    const early = data(await shift('EARLY', 'FRONT_DESK', '08:00', '16:00')).createShift.id;
    const mid = data(await shift('MID', 'FRONT_DESK', '13:00', '21:00')).createShift.id;
    const date = today();
    const roster = (userId: string, shiftId: string, zoneId?: string) =>
      gql('mutation($input: SetRosterInput!) { setRoster(input: $input) { id } }', {
        userId,
        date,
        shiftId,
        zoneId,
      });
    for (const result of [
      await roster(t.users.FIELD_STAFF.id, field, mine),
      await roster(fieldOutsider, field, theirs),
      await roster(t.users.SUPERVISOR.id, early),
      await roster(t.users.AGENT.id, early),
      await roster(agentOutsider, mid),
    ]) {
      data(result);
    }
    return { owner, fieldOutsider, agentOutsider, otherSupervisor, zoneId: mine };
  }

  const firstScale = async (token: string) => data(await api.gql(SCALES, {}, token)).barsScales[0];

  it('gives a tenant the six default BARS scales, five bilingual anchors each, on first read or adoption', async () => {
    const t = await api.tenant();
    const hr = await t.token(Role.HR);
    const scales = data(await api.gql(SCALES, {}, await t.token(Role.AGENT))).barsScales;
    expect(scales.map((scale: { dimension: string }) => scale.dimension)).toEqual([
      'LISTENING',
      'EMPATHY',
      'RESPONSIVENESS',
      'KEEPING_COMMITMENTS',
      'BEYOND_EXPECTATIONS',
      'PRODUCT_KNOWLEDGE',
    ]);
    for (const scale of scales) {
      expect(scale.anchors.map((a: { level: number }) => a.level)).toEqual([1, 2, 3, 4, 5]);
      for (const { anchor } of scale.anchors) {
        expect(anchor).toMatch(/[\u4e00-\u9fff]/);
        expect(anchor).toMatch(/[A-Za-z]{3,}/);
      }
      expect(scale).toMatchObject({ weight: 1, active: true });
    }
    // Adopting again adds nothing; reading again does not duplicate either.
    expect(data(await api.gql(ADOPT, {}, hr)).adoptDefaultBarsScales).toEqual(scales);
    expect(data(await api.gql(SCALES, {}, hr)).barsScales).toEqual(scales);
    expect((await eventTypes(t.tenantId)).filter((type) => type === 'bars.defaults_adopted')).toHaveLength(1);
    expect(errorCode(await api.gql(ADOPT, {}, await t.token(Role.SUPERVISOR)))).toBe('FORBIDDEN');

    // A fresh tenant adopting explicitly gets the same dimensions.
    const other = await api.tenant();
    const adopted = data(await api.gql(ADOPT, {}, await other.token(Role.OWNER))).adoptDefaultBarsScales;
    expect(adopted.map((scale: { dimension: string }) => scale.dimension)).toEqual(
      scales.map((scale: { dimension: string }) => scale.dimension),
    );
  });

  it('lets the owner and HR create and change scales, and nobody else', async () => {
    const t = await api.tenant();
    const hr = await t.token(Role.HR);
    const input = { dimension: 'PHONE_MANNER', name: '电话礼仪 Phone manner', weight: 2.5, anchors: ANCHORS };
    const created = data(await api.gql(CREATE_SCALE, { input }, hr)).createBarsScale;
    expect(created).toMatchObject({
      dimension: 'PHONE_MANNER',
      weight: 2.5,
      active: true,
      description: null,
    });
    expect(created.anchors).toEqual(ANCHORS.map((anchor, i) => ({ level: i + 1, anchor })));
    expect(errorCode(await api.gql(CREATE_SCALE, { input }, await t.token(Role.OWNER)))).toBe('CONFLICT');
    expect(errorCode(await api.gql(CREATE_SCALE, { input }, await t.token(Role.SUPERVISOR)))).toBe(
      'FORBIDDEN',
    );

    const anchors = [...ANCHORS.slice(0, 4), '按约定回电 Calls back as agreed.'];
    const updated = data(
      await api.gql(
        UPDATE_SCALE,
        { input: { scaleId: created.id, weight: 0, active: false, description: '前台 Front desk', anchors } },
        await t.token(Role.OWNER),
      ),
    ).updateBarsScale;
    expect(updated).toMatchObject({
      weight: 0,
      active: false,
      description: '前台 Front desk',
      name: input.name,
    });
    expect(updated.anchors[4]).toEqual({ level: 5, anchor: anchors[4] });
    expect(
      errorCode(
        await api.gql(UPDATE_SCALE, { input: { scaleId: created.id, weight: 3 } }, await t.token(Role.AGENT)),
      ),
    ).toBe('FORBIDDEN');
    expect(
      data(await api.gql(SCALES, { active: false }, hr)).barsScales.map((s: { id: string }) => s.id),
    ).toEqual([created.id]);
    expect(await eventTypes(t.tenantId)).toEqual(
      expect.arrayContaining(['bars.scale_created', 'bars.scale_updated']),
    );

    // A retired scale takes no new ratings.
    const rated = await api.gql(
      RATE,
      { input: { staffId: t.users.AGENT.id, scaleId: created.id, level: 3 } },
      await t.token(Role.OWNER),
    );
    expect(errorCode(rated)).toBe('BAD_USER_INPUT');
  });

  it('a supervisor rates their own team and is refused outside it; the owner rates anyone', async () => {
    const t = await api.tenant();
    const { owner, fieldOutsider, agentOutsider, otherSupervisor } = await team(t);
    const supervisor = await t.token(Role.SUPERVISOR);
    const scale = await firstScale(supervisor);
    const rate = (staffId: string, token: string, level = 4) =>
      api.gql(RATE, { input: { staffId, scaleId: scale.id, level, comment: '耐心 Patient' } }, token);

    // The team as the supervisor sees it: the agent on their shift, the field staff member in their zone.
    const myTeam = data(await api.gql('{ myTeam { staffId name role tie } }', {}, supervisor)).myTeam;
    expect(
      myTeam.map((m: { staffId: string; role: string; tie: string }) => [m.staffId, m.role, m.tie]),
    ).toEqual([
      [t.users.AGENT.id, 'AGENT', 'SHIFT'],
      [t.users.FIELD_STAFF.id, 'FIELD_STAFF', 'ZONE'],
    ]);
    expect(errorCode(await api.gql('{ myTeam { staffId } }', {}, owner))).toBe('FORBIDDEN');

    // In a zone the supervisor is responsible for, and on the supervisor's shift.
    const field = data(await rate(t.users.FIELD_STAFF.id, supervisor)).rateBehavior;
    expect(field).toMatchObject({
      staffId: t.users.FIELD_STAFF.id,
      scaleId: scale.id,
      dimension: 'LISTENING',
      level: 4,
      anchor: scale.anchors[3].anchor,
      comment: '耐心 Patient',
      incidentIds: [],
      ratedById: t.users.SUPERVISOR.id,
    });
    data(await rate(t.users.AGENT.id, supervisor, 2));

    // Outside the team: another supervisor's zone, another shift, a peer, HR, themselves.
    for (const staffId of [fieldOutsider, agentOutsider, otherSupervisor]) {
      expect(errorCode(await rate(staffId, supervisor))).toBe('FORBIDDEN');
    }
    expect(errorCode(await rate(t.users.SUPERVISOR.id, supervisor))).toBe('FORBIDDEN');
    expect(errorCode(await rate(t.users.HR.id, supervisor))).toBe('BAD_USER_INPUT');
    expect(errorCode(await rate(newId(), supervisor))).toBe('NOT_FOUND');

    // The owner rates anyone rated, supervisors included; agents and HR rate nobody.
    for (const staffId of [fieldOutsider, agentOutsider, t.users.SUPERVISOR.id])
      data(await rate(staffId, owner, 3));
    expect(errorCode(await rate(t.users.FIELD_STAFF.id, await t.token(Role.AGENT)))).toBe('FORBIDDEN');
    expect(errorCode(await rate(t.users.FIELD_STAFF.id, await t.token(Role.HR)))).toBe('FORBIDDEN');

    const ratingRows = await asOwner(t.tenantId, async (client) => {
      const { rows } = await client.query(
        'SELECT staff_id, rated_by FROM behavior_ratings WHERE tenant_id = $1 ORDER BY rated_at',
        [t.tenantId],
      );
      return rows;
    });
    expect(ratingRows).toHaveLength(5);
    expect((await eventTypes(t.tenantId)).filter((type) => type === 'behavior.rated')).toHaveLength(5);

    // Readers: HR and the owner anyone, the supervisor their team, staff themselves only.
    const read = (staffId: string, token: string) => api.gql(RATINGS, { staffId }, token);
    const mineAsStaff = data(await read(t.users.FIELD_STAFF.id, await t.token(Role.FIELD_STAFF)));
    expect(mineAsStaff.behaviorRatings.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([
      field.id,
    ]);
    expect(data(await read(fieldOutsider, await t.token(Role.HR))).behaviorRatings.edges).toHaveLength(1);
    expect(data(await read(t.users.FIELD_STAFF.id, supervisor)).behaviorRatings.edges).toHaveLength(1);
    expect(errorCode(await read(fieldOutsider, supervisor))).toBe('FORBIDDEN');
    expect(errorCode(await read(t.users.FIELD_STAFF.id, await t.token(Role.AGENT)))).toBe('FORBIDDEN');
    // The period filter.
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(
      data(await api.gql(RATINGS, { staffId: fieldOutsider, from: future }, owner)).behaviorRatings.edges,
    ).toEqual([]);
  });

  it('records critical incidents only against the tenant’s own complaints and work orders, and cites them in ratings', async () => {
    const t = await api.tenant();
    const { owner, zoneId } = await team(t);
    const supervisor = await t.token(Role.SUPERVISOR);
    const agent = await t.token(Role.AGENT);
    const customer = data(
      await api.gql(
        'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }',
        {
          input: { name: '李先生' },
        },
        agent,
      ),
    ).createCustomer.id;
    const complaintOf = async (token: string, customerId: string) =>
      data(
        await api.gql(
          'mutation($input: SubmitComplaintInput!) { submitComplaint(input: $input) { id } }',
          {
            input: {
              customerId,
              channel: 'PHONE',
              category: 'SERVICE_ATTITUDE',
              title: '电梯',
              description: '电梯太少',
            },
          },
          token,
        ),
      ).submitComplaint.id;
    const complaintId = await complaintOf(agent, customer);
    const other = await api.tenant();
    const otherAgent = await other.token(Role.AGENT);
    const otherCustomer = data(
      await api.gql(
        'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }',
        {
          input: { name: '王女士' },
        },
        otherAgent,
      ),
    ).createCustomer.id;
    const foreignComplaint = await complaintOf(otherAgent, otherCustomer);

    const occurredAt = new Date(Date.now() - 86_400_000).toISOString();
    const record = (input: Record<string, unknown>, token = supervisor) =>
      api.gql(
        RECORD,
        {
          input: {
            staffId: t.users.FIELD_STAFF.id,
            kind: 'POSITIVE',
            description: '顾客点名表扬 Praised by name',
            occurredAt,
            ...input,
          },
        },
        token,
      );

    const before = await eventTypes(t.tenantId);
    expect(errorCode(await record({ complaintId: foreignComplaint }))).toBe('NOT_FOUND');
    expect(errorCode(await record({ complaintId: newId() }))).toBe('NOT_FOUND');
    expect(errorCode(await record({ workOrderId: newId() }))).toBe('NOT_FOUND');
    expect(await eventTypes(t.tenantId)).toEqual(before);

    const praised = data(await record({ complaintId, idempotencyKey: 'praise-1' })).recordCriticalIncident;
    expect(praised).toMatchObject({
      staffId: t.users.FIELD_STAFF.id,
      kind: 'POSITIVE',
      complaintId,
      workOrderId: null,
      recordedById: t.users.SUPERVISOR.id,
      occurredAt,
    });
    // The same key answers the same incident and writes nothing more.
    expect(data(await record({ complaintId, idempotencyKey: 'praise-1' })).recordCriticalIncident.id).toBe(
      praised.id,
    );
    const late = data(
      await record({ kind: 'NEGATIVE', description: '承诺上门时间未到 Missed the promised visit time' }),
    ).recordCriticalIncident;
    const workOrderId = data(
      await api.gql(
        'mutation($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { id } }',
        { input: { source: 'CALL', zoneId, location: 'A-1-101', priority: 'P3', description: '漏水 Leak' } },
        agent,
      ),
    ).createWorkOrder.id;
    const onSite = data(
      await record({ workOrderId, description: '现场判断漏水原因 Found the leak on site' }),
    ).recordCriticalIncident;
    expect(onSite).toMatchObject({ workOrderId, complaintId: null });
    const aboutAgent = data(await record({ staffId: t.users.AGENT.id }, owner)).recordCriticalIncident;
    expect(errorCode(await record({ staffId: t.users.HR.id }, owner))).toBe('BAD_USER_INPUT');

    // Listing: newest first, by kind, paged.
    const list = async (vars: Record<string, unknown>) =>
      data(await api.gql(INCIDENTS, { staffId: t.users.FIELD_STAFF.id, ...vars }, owner)).criticalIncidents;
    const all = await list({});
    expect(all.edges.map((e: { node: { id: string } }) => e.node.id).sort()).toEqual(
      [praised.id, late.id, onSite.id].sort(),
    );
    expect((await list({ kind: 'NEGATIVE' })).edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([
      late.id,
    ]);
    const page1 = await list({ first: 2 });
    const page2 = await list({ first: 2, after: page1.pageInfo.endCursor });
    expect(page1.pageInfo.hasNextPage).toBe(true);
    expect([...page1.edges, ...page2.edges].map((e: { node: { id: string } }) => e.node.id)).toEqual(
      all.edges.map((e: { node: { id: string } }) => e.node.id),
    );
    expect(page2.pageInfo.hasNextPage).toBe(false);
    expect(errorCode(await api.gql(INCIDENTS, { staffId: t.users.FIELD_STAFF.id }, agent))).toBe('FORBIDDEN');

    // A rating cites the staff member's own incidents only.
    const scale = await firstScale(supervisor);
    const rate = (incidentIds: string[]) =>
      api.gql(
        RATE,
        { input: { staffId: t.users.FIELD_STAFF.id, scaleId: scale.id, level: 5, incidentIds } },
        supervisor,
      );
    expect(errorCode(await rate([aboutAgent.id]))).toBe('BAD_USER_INPUT');
    expect(errorCode(await rate([newId()]))).toBe('NOT_FOUND');
    const rating = data(await rate([praised.id, late.id])).rateBehavior;
    expect([...rating.incidentIds].sort()).toEqual([praised.id, late.id].sort());
    expect((await eventTypes(t.tenantId)).filter((type) => type === 'incident.recorded')).toHaveLength(4);
    // The feed (which agents follow) names the evidence by id only: no level, no kind.
    const eventData = await asOwner(t.tenantId, async (client) => {
      const { rows } = await client.query(
        `SELECT type, data FROM tenant_events WHERE tenant_id = $1 AND type IN ('incident.recorded', 'behavior.rated')`,
        [t.tenantId],
      );
      return rows as Array<{ type: string; data: Record<string, unknown> }>;
    });
    for (const event of eventData) {
      expect(event.data).not.toHaveProperty('level');
      expect(event.data).not.toHaveProperty('kind');
      expect(event.data.staffId).toEqual(expect.any(String));
    }
    expect(eventData.find((event) => event.type === 'behavior.rated')?.data).toEqual({
      staffId: t.users.FIELD_STAFF.id,
      scaleId: scale.id,
      dimension: 'LISTENING',
      incidentIds: expect.arrayContaining([praised.id, late.id]),
    });
  });

  it('rates BOS frequencies for the team on items the owner or HR define', async () => {
    const t = await api.tenant();
    const { fieldOutsider } = await team(t);
    const supervisor = await t.token(Role.SUPERVISOR);
    const item = data(
      await api.gql(
        CREATE_BOS,
        { input: { behavior: '主动问候每一位来访者 Greets every visitor first' } },
        await t.token(Role.HR),
      ),
    ).createBosItem;
    expect(item.position).toBe(1);
    expect(errorCode(await api.gql(CREATE_BOS, { input: { behavior: 'x' } }, supervisor))).toBe('FORBIDDEN');
    expect(data(await api.gql(BOS_ITEMS, {}, await t.token(Role.FIELD_STAFF))).bosItems).toEqual([
      { ...item, active: true },
    ]);
    const rate = (staffId: string, frequency: number) =>
      api.gql(RATE_FREQUENCY, { input: { staffId, itemId: item.id, frequency } }, supervisor);
    expect(data(await rate(t.users.FIELD_STAFF.id, 5)).rateBehaviorFrequency).toMatchObject({
      staffId: t.users.FIELD_STAFF.id,
      itemId: item.id,
      behavior: item.behavior,
      frequency: 5,
      ratedById: t.users.SUPERVISOR.id,
    });
    expect(errorCode(await rate(fieldOutsider, 3))).toBe('FORBIDDEN');
    const BOS_RATINGS =
      'query($staffId: ID!) { bosRatings(staffId: $staffId) { edges { node { itemId frequency } } } }';
    expect(
      data(await api.gql(BOS_RATINGS, { staffId: t.users.FIELD_STAFF.id }, await t.token(Role.FIELD_STAFF)))
        .bosRatings.edges,
    ).toEqual([{ node: { itemId: item.id, frequency: 5 } }]);
    expect(errorCode(await api.gql(BOS_RATINGS, { staffId: fieldOutsider }, supervisor))).toBe('FORBIDDEN');
    expect((await eventTypes(t.tenantId)).filter((type) => type.startsWith('bos.'))).toEqual([
      'bos.item_created',
      'bos.rated',
    ]);
  });

  it('turns a paired comparison of a team into a rank', async () => {
    const t = await api.tenant();
    const { owner, fieldOutsider } = await team(t);
    const supervisor = await t.token(Role.SUPERVISOR);
    const field = t.users.FIELD_STAFF.id;
    const agent = t.users.AGENT.id;
    // The owner compares anyone, the outsider included.
    const session = data(
      await api.gql(
        START,
        { input: { name: 'Q2 front line', staffIds: [field, agent, fieldOutsider] } },
        owner,
      ),
    ).startPairedComparison;
    expect(session).toMatchObject({ state: 'OPEN', judgedPairs: 0, totalPairs: 3, complete: false });
    expect(session.ranking.map((s: { rank: number }) => s.rank)).toEqual([1, 2, 3]);

    const judge = (first: string, second: string, winnerId: string, token = owner) =>
      api.gql(
        JUDGE,
        { input: { sessionId: session.id, firstStaffId: first, secondStaffId: second, winnerId } },
        token,
      );
    data(await judge(field, agent, agent));
    data(await judge(agent, fieldOutsider, agent));
    let view = data(await judge(fieldOutsider, field, fieldOutsider)).judgePair;
    expect(view).toMatchObject({ judgedPairs: 3, complete: true });
    expect(view.ranking.map((s: { staffId: string; wins: number }) => [s.staffId, s.wins])).toEqual([
      [agent, 2],
      [fieldOutsider, 1],
      [field, 0],
    ]);
    // Judging a pair again replaces the judgement: the field staff member now beats the outsider.
    view = data(await judge(field, fieldOutsider, field)).judgePair;
    expect(view.judgedPairs).toBe(3);
    expect(view.ranking.map((s: { staffId: string }) => s.staffId)).toEqual([agent, field, fieldOutsider]);
    expect(errorCode(await judge(field, field, field))).toBe('BAD_USER_INPUT');
    expect(errorCode(await judge(field, agent, fieldOutsider))).toBe('BAD_USER_INPUT');
    expect(errorCode(await judge(field, t.users.HR.id, field))).toBe('BAD_USER_INPUT');
    // Another supervisor's session (here the owner's) is not the supervisor's to judge or read.
    expect(errorCode(await judge(field, agent, field, supervisor))).toBe('FORBIDDEN');
    expect(errorCode(await api.gql(SESSION_QUERY, { id: session.id }, supervisor))).toBe('FORBIDDEN');
    expect(
      data(await api.gql(SESSION_QUERY, { id: session.id }, await t.token(Role.HR))).pairedComparison,
    ).toEqual(view);

    const closed = data(
      await api.gql(CLOSE, { input: { sessionId: session.id } }, owner),
    ).closePairedComparison;
    expect(closed.state).toBe('CLOSED');
    expect(closed.closedAt).not.toBeNull();
    expect(closed.ranking).toEqual(view.ranking);
    expect(errorCode(await judge(field, agent, field))).toBe('INVALID_TRANSITION');
    expect(errorCode(await api.gql(CLOSE, { input: { sessionId: session.id } }, owner))).toBe(
      'INVALID_TRANSITION',
    );

    // A supervisor compares their own team only; an incomplete session still ranks.
    expect(
      errorCode(
        await api.gql(START, { input: { name: 'Mixed', staffIds: [field, fieldOutsider] } }, supervisor),
      ),
    ).toBe('FORBIDDEN');
    const own = data(
      await api.gql(START, { input: { name: 'My team', staffIds: [field, agent] } }, supervisor),
    ).startPairedComparison;
    const judged = data(
      await api.gql(
        JUDGE,
        { input: { sessionId: own.id, firstStaffId: agent, secondStaffId: field, winnerId: field } },
        supervisor,
      ),
    ).judgePair;
    expect(judged.ranking.map((s: { staffId: string; rank: number }) => [s.staffId, s.rank])).toEqual([
      [field, 1],
      [agent, 2],
    ]);
    expect(data(await api.gql(SESSION_QUERY, { id: own.id }, supervisor)).pairedComparison.complete).toBe(
      true,
    );
    expect((await eventTypes(t.tenantId)).filter((type) => type.startsWith('paired_comparison.'))).toEqual([
      'paired_comparison.started',
      'paired_comparison.judged',
      'paired_comparison.judged',
      'paired_comparison.judged',
      'paired_comparison.judged',
      'paired_comparison.closed',
      'paired_comparison.started',
      'paired_comparison.judged',
    ]);
  });
});
