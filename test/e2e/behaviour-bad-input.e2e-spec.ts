import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newId, Role } from '@service-desk/core';
import { asOwner, type GraphqlResult } from '@service-desk/testing';
import fc from 'fast-check';
import { type ApiHarness, startApi } from '../support/api.js';

/**
 * Bad input on every behaviour-evidence mutation: the answer names the problem with
 * BAD_USER_INPUT (or NOT_FOUND for ids that name nothing), never INTERNAL, and nothing is written.
 */
type Tenant = Awaited<ReturnType<ApiHarness['tenant']>>;

const TABLES = [
  'bars_scales',
  'bars_anchors',
  'critical_incidents',
  'behavior_ratings',
  'behavior_rating_incidents',
  'bos_items',
  'bos_ratings',
  'paired_comparison_sessions',
  'paired_comparison_judgements',
  'tenant_events',
] as const;

const countRows = (tenantId: string) =>
  asOwner(tenantId, async (client) => {
    const columns = TABLES.map(
      (table) => `(SELECT count(*)::int FROM ${table} WHERE tenant_id = $1) AS ${table}`,
    );
    const { rows } = await client.query(`SELECT ${columns.join(', ')}`, [tenantId]);
    return rows[0] as Record<(typeof TABLES)[number], number>;
  });

const MUTATIONS = {
  createBarsScale: 'mutation($input: CreateBarsScaleInput!) { createBarsScale(input: $input) { id } }',
  updateBarsScale: 'mutation($input: UpdateBarsScaleInput!) { updateBarsScale(input: $input) { id } }',
  rateBehavior: 'mutation($input: RateBehaviorInput!) { rateBehavior(input: $input) { id } }',
  recordCriticalIncident:
    'mutation($input: RecordCriticalIncidentInput!) { recordCriticalIncident(input: $input) { id } }',
  createBosItem: 'mutation($input: CreateBosItemInput!) { createBosItem(input: $input) { id } }',
  rateBehaviorFrequency:
    'mutation($input: RateBehaviorFrequencyInput!) { rateBehaviorFrequency(input: $input) { id } }',
  startPairedComparison:
    'mutation($input: StartPairedComparisonInput!) { startPairedComparison(input: $input) { id } }',
  judgePair: 'mutation($input: JudgePairInput!) { judgePair(input: $input) { id } }',
  closePairedComparison:
    'mutation($input: PairedComparisonIdInput!) { closePairedComparison(input: $input) { id } }',
} as const;
type Mutation = keyof typeof MUTATIONS;

const ANCHORS = ['一 One', '二 Two', '三 Three', '四 Four', '五 Five'];

interface Case {
  mutation: Mutation;
  why: string;
  input: (ids: Ids) => Record<string, unknown>;
  code: 'BAD_USER_INPUT' | 'NOT_FOUND';
  /** Words the error message must contain. */
  message?: RegExp;
}

interface Ids {
  staffId: string;
  otherStaffId: string;
  scaleId: string;
  itemId: string;
  sessionId: string;
}

const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();
const incident = (ids: Ids, extra: Record<string, unknown> = {}) => ({
  staffId: ids.staffId,
  kind: 'POSITIVE',
  description: 'Helped a customer',
  occurredAt: hourAgo(),
  ...extra,
});
const scale = (extra: Record<string, unknown> = {}) => ({
  dimension: 'PHONE_MANNER',
  name: 'Phone manner',
  anchors: ANCHORS,
  ...extra,
});

const CASES: Case[] = [
  // BARS scales
  {
    mutation: 'createBarsScale',
    why: 'four anchors',
    input: () => scale({ anchors: ANCHORS.slice(0, 4) }),
    code: 'BAD_USER_INPUT',
    message: /anchors/,
  },
  {
    mutation: 'createBarsScale',
    why: 'six anchors',
    input: () => scale({ anchors: [...ANCHORS, '六 Six'] }),
    code: 'BAD_USER_INPUT',
    message: /anchors/,
  },
  {
    mutation: 'createBarsScale',
    why: 'an anchor too long',
    input: () => scale({ anchors: [...ANCHORS.slice(0, 4), 'x'.repeat(501)] }),
    code: 'BAD_USER_INPUT',
    message: /anchors/,
  },
  {
    mutation: 'createBarsScale',
    why: 'a blank anchor',
    input: () => scale({ anchors: [...ANCHORS.slice(0, 4), '   '] }),
    code: 'BAD_USER_INPUT',
    message: /blank/,
  },
  {
    mutation: 'createBarsScale',
    why: 'a lower-case dimension',
    input: () => scale({ dimension: 'phone' }),
    code: 'BAD_USER_INPUT',
    message: /dimension/,
  },
  {
    mutation: 'createBarsScale',
    why: 'a name too long',
    input: () => scale({ name: 'n'.repeat(81) }),
    code: 'BAD_USER_INPUT',
    message: /name/,
  },
  {
    mutation: 'createBarsScale',
    why: 'a weight above 100',
    input: () => scale({ weight: 100.5 }),
    code: 'BAD_USER_INPUT',
    message: /weight/,
  },
  {
    mutation: 'createBarsScale',
    why: 'a negative weight',
    input: () => scale({ weight: -1 }),
    code: 'BAD_USER_INPUT',
    message: /weight/,
  },
  {
    mutation: 'createBarsScale',
    why: 'a description too long',
    input: () => scale({ description: 'd'.repeat(1001) }),
    code: 'BAD_USER_INPUT',
    message: /description/,
  },
  {
    mutation: 'updateBarsScale',
    why: 'an unknown scale',
    input: () => ({ scaleId: newId(), name: 'X' }),
    code: 'NOT_FOUND',
  },
  {
    mutation: 'updateBarsScale',
    why: 'a malformed scale id',
    input: () => ({ scaleId: 'nope', name: 'X' }),
    code: 'BAD_USER_INPUT',
    message: /Scale id/,
  },
  {
    mutation: 'updateBarsScale',
    why: 'three anchors',
    input: (ids) => ({ scaleId: ids.scaleId, anchors: ANCHORS.slice(0, 3) }),
    code: 'BAD_USER_INPUT',
    message: /anchors/,
  },
  {
    mutation: 'updateBarsScale',
    why: 'a blank name',
    input: (ids) => ({ scaleId: ids.scaleId, name: ' ' }),
    code: 'BAD_USER_INPUT',
    message: /name/,
  },
  // Ratings
  {
    mutation: 'rateBehavior',
    why: 'level 0',
    input: (ids) => ({ staffId: ids.staffId, scaleId: ids.scaleId, level: 0 }),
    code: 'BAD_USER_INPUT',
    message: /level/,
  },
  {
    mutation: 'rateBehavior',
    why: 'level 6',
    input: (ids) => ({ staffId: ids.staffId, scaleId: ids.scaleId, level: 6 }),
    code: 'BAD_USER_INPUT',
    message: /level/,
  },
  {
    mutation: 'rateBehavior',
    why: 'a comment too long',
    input: (ids) => ({ staffId: ids.staffId, scaleId: ids.scaleId, level: 3, comment: 'c'.repeat(2001) }),
    code: 'BAD_USER_INPUT',
    message: /comment/,
  },
  {
    mutation: 'rateBehavior',
    why: 'an unknown staff member',
    input: (ids) => ({ staffId: newId(), scaleId: ids.scaleId, level: 3 }),
    code: 'NOT_FOUND',
    message: /Staff member/,
  },
  {
    mutation: 'rateBehavior',
    why: 'an unknown scale',
    input: (ids) => ({ staffId: ids.staffId, scaleId: newId(), level: 3 }),
    code: 'NOT_FOUND',
    message: /scale/,
  },
  {
    mutation: 'rateBehavior',
    why: 'an unknown incident',
    input: (ids) => ({ staffId: ids.staffId, scaleId: ids.scaleId, level: 3, incidentIds: [newId()] }),
    code: 'NOT_FOUND',
    message: /incident/,
  },
  {
    mutation: 'rateBehavior',
    why: 'a malformed incident id',
    input: (ids) => ({ staffId: ids.staffId, scaleId: ids.scaleId, level: 3, incidentIds: ['x'] }),
    code: 'BAD_USER_INPUT',
    message: /Incident id/,
  },
  {
    mutation: 'rateBehavior',
    why: 'a repeated incident',
    input: (ids) => {
      const id = newId();
      return { staffId: ids.staffId, scaleId: ids.scaleId, level: 3, incidentIds: [id, id] };
    },
    code: 'BAD_USER_INPUT',
    message: /incidentIds/,
  },
  // Incidents
  {
    mutation: 'recordCriticalIncident',
    why: 'an unknown kind',
    input: (ids) => incident(ids, { kind: 'NEUTRAL' }),
    code: 'BAD_USER_INPUT',
  },
  {
    mutation: 'recordCriticalIncident',
    why: 'a description too long',
    input: (ids) => incident(ids, { description: 'd'.repeat(2001) }),
    code: 'BAD_USER_INPUT',
    message: /description/,
  },
  {
    mutation: 'recordCriticalIncident',
    why: 'a blank description',
    input: (ids) => incident(ids, { description: '  ' }),
    code: 'BAD_USER_INPUT',
    message: /description/,
  },
  {
    mutation: 'recordCriticalIncident',
    why: 'a future time',
    input: (ids) => incident(ids, { occurredAt: new Date(Date.now() + 86_400_000).toISOString() }),
    code: 'BAD_USER_INPUT',
    message: /future/,
  },
  {
    mutation: 'recordCriticalIncident',
    why: 'an unknown complaint',
    input: (ids) => incident(ids, { complaintId: newId() }),
    code: 'NOT_FOUND',
    message: /Complaint/,
  },
  {
    mutation: 'recordCriticalIncident',
    why: 'an unknown work order',
    input: (ids) => incident(ids, { workOrderId: newId() }),
    code: 'NOT_FOUND',
    message: /Work order/,
  },
  {
    mutation: 'recordCriticalIncident',
    why: 'an unknown staff member',
    input: (ids) => incident(ids, { staffId: newId() }),
    code: 'NOT_FOUND',
    message: /Staff member/,
  },
  {
    mutation: 'recordCriticalIncident',
    why: 'an idempotency key too long',
    input: (ids) => incident(ids, { idempotencyKey: 'k'.repeat(101) }),
    code: 'BAD_USER_INPUT',
    message: /idempotencyKey/,
  },
  // BOS
  {
    mutation: 'createBosItem',
    why: 'a behaviour too long',
    input: () => ({ behavior: 'b'.repeat(301) }),
    code: 'BAD_USER_INPUT',
    message: /behavior/,
  },
  {
    mutation: 'createBosItem',
    why: 'an empty behaviour',
    input: () => ({ behavior: '' }),
    code: 'BAD_USER_INPUT',
    message: /behavior/,
  },
  {
    mutation: 'rateBehaviorFrequency',
    why: 'frequency 0',
    input: (ids) => ({ staffId: ids.staffId, itemId: ids.itemId, frequency: 0 }),
    code: 'BAD_USER_INPUT',
    message: /frequency/,
  },
  {
    mutation: 'rateBehaviorFrequency',
    why: 'frequency 6',
    input: (ids) => ({ staffId: ids.staffId, itemId: ids.itemId, frequency: 6 }),
    code: 'BAD_USER_INPUT',
    message: /frequency/,
  },
  {
    mutation: 'rateBehaviorFrequency',
    why: 'an unknown item',
    input: (ids) => ({ staffId: ids.staffId, itemId: newId(), frequency: 3 }),
    code: 'NOT_FOUND',
    message: /BOS item/,
  },
  // Paired comparison
  {
    mutation: 'startPairedComparison',
    why: 'one member',
    input: (ids) => ({ name: 'Q', staffIds: [ids.staffId] }),
    code: 'BAD_USER_INPUT',
    message: /staffIds/,
  },
  {
    mutation: 'startPairedComparison',
    why: '31 members',
    input: () => ({ name: 'Q', staffIds: Array.from({ length: 31 }, () => newId()) }),
    code: 'BAD_USER_INPUT',
    message: /staffIds/,
  },
  {
    mutation: 'startPairedComparison',
    why: 'a repeated member',
    input: (ids) => ({ name: 'Q', staffIds: [ids.staffId, ids.staffId] }),
    code: 'BAD_USER_INPUT',
    message: /staffIds/,
  },
  {
    mutation: 'startPairedComparison',
    why: 'an unknown member',
    input: (ids) => ({ name: 'Q', staffIds: [ids.staffId, newId()] }),
    code: 'NOT_FOUND',
    message: /Staff member/,
  },
  {
    mutation: 'startPairedComparison',
    why: 'a name too long',
    input: (ids) => ({ name: 'n'.repeat(121), staffIds: [ids.staffId, ids.otherStaffId] }),
    code: 'BAD_USER_INPUT',
    message: /name/,
  },
  {
    mutation: 'judgePair',
    why: 'a winner outside the pair',
    input: (ids) => ({
      sessionId: ids.sessionId,
      firstStaffId: ids.staffId,
      secondStaffId: ids.otherStaffId,
      winnerId: newId(),
    }),
    code: 'BAD_USER_INPUT',
    message: /winner/,
  },
  {
    mutation: 'judgePair',
    why: 'a pair of one',
    input: (ids) => ({
      sessionId: ids.sessionId,
      firstStaffId: ids.staffId,
      secondStaffId: ids.staffId,
      winnerId: ids.staffId,
    }),
    code: 'BAD_USER_INPUT',
    message: /two different/,
  },
  {
    mutation: 'judgePair',
    why: 'members outside the session',
    input: (ids) => {
      const x = newId();
      return { sessionId: ids.sessionId, firstStaffId: ids.staffId, secondStaffId: x, winnerId: x };
    },
    code: 'BAD_USER_INPUT',
    message: /session/,
  },
  {
    mutation: 'judgePair',
    why: 'an unknown session',
    input: (ids) => ({
      sessionId: newId(),
      firstStaffId: ids.staffId,
      secondStaffId: ids.otherStaffId,
      winnerId: ids.staffId,
    }),
    code: 'NOT_FOUND',
    message: /Paired comparison/,
  },
  {
    mutation: 'closePairedComparison',
    why: 'an unknown session',
    input: () => ({ sessionId: newId() }),
    code: 'NOT_FOUND',
    message: /Paired comparison/,
  },
  {
    mutation: 'closePairedComparison',
    why: 'a malformed session id',
    input: () => ({ sessionId: '123' }),
    code: 'BAD_USER_INPUT',
    message: /Session id/,
  },
];

const codesOf = (result: GraphqlResult) => (result.errors ?? []).map((error) => error.extensions?.code);

describe('behaviour evidence refuses bad input and writes nothing', () => {
  let api: ApiHarness;
  let tenant: Tenant;
  let owner: string;
  let ids: Ids;
  beforeAll(async () => {
    api = await startApi();
    tenant = await api.tenant();
    owner = await tenant.token(Role.OWNER);
    const call = async (query: string, variables: Record<string, unknown> = {}) => {
      const result = await api.gql(query, variables, owner);
      if (result.errors || !result.data) throw new Error(JSON.stringify(result.errors));
      return result.data;
    };
    const staffId = tenant.users.FIELD_STAFF.id;
    const otherStaffId = tenant.users.AGENT.id;
    const scaleId = (await call('{ barsScales { id } }')).barsScales[0].id;
    const itemId = (await call(MUTATIONS.createBosItem, { input: { behavior: 'Greets first' } }))
      .createBosItem.id;
    const sessionId = (
      await call(MUTATIONS.startPairedComparison, { input: { name: 'Q', staffIds: [staffId, otherStaffId] } })
    ).startPairedComparison.id;
    ids = { staffId, otherStaffId, scaleId, itemId, sessionId };
  });
  afterAll(() => api.close());

  it('covers every mutation of the feature', () => {
    expect(new Set(CASES.map((c) => c.mutation))).toEqual(new Set(Object.keys(MUTATIONS)));
  });

  it.each(CASES.map((c) => [`${c.mutation}: ${c.why}`, c] as const))('%s', async (_name, c) => {
    const before = await countRows(tenant.tenantId);
    const result = await api.gql(MUTATIONS[c.mutation], { input: c.input(ids) }, owner);
    expect(result.status).toBeLessThan(500);
    expect(codesOf(result)).toEqual([c.code]);
    if (c.message) expect(result.errors?.[0]?.message).toMatch(c.message);
    expect(await countRows(tenant.tenantId)).toEqual(before);
  });

  it('answers arbitrary incident and scale input with data or a client error, never INTERNAL', async () => {
    const text = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '王秀英', 'x'.repeat(2001), "' OR 1=1 --"),
    );
    const anything = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
    const maybe = <T>(valid: fc.Arbitrary<T>) =>
      fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: anything });
    const input = fc.record(
      {
        staffId: maybe(fc.constantFrom(ids.staffId, ids.otherStaffId, tenant.users.HR.id, newId())),
        kind: maybe(fc.constantFrom('POSITIVE', 'NEGATIVE')),
        description: maybe(text),
        occurredAt: maybe(
          fc
            .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
            .map((d) => d.toISOString()),
        ),
        level: maybe(fc.integer({ min: -1, max: 7 })),
        scaleId: maybe(fc.constantFrom(ids.scaleId, newId())),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(input, async (value) => {
        const { level, scaleId, ...incidentInput } = value;
        for (const [query, body] of [
          [MUTATIONS.recordCriticalIncident, incidentInput],
          [MUTATIONS.rateBehavior, { staffId: value.staffId, scaleId, level }],
        ] as const) {
          const before = await countRows(tenant.tenantId);
          const result = await api.gql(query, { input: body }, owner);
          expect(result.status).toBeLessThan(500);
          const codes = codesOf(result);
          expect(codes).not.toContain('INTERNAL');
          if (codes.length > 0) expect(await countRows(tenant.tenantId)).toEqual(before);
        }
      }),
      { numRuns: 25 },
    );
  });
});
