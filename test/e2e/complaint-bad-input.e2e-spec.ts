import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newId, Role } from '@service-desk/core';
import { asOwner, graphql, type GraphqlResult, randomClientAddress } from '@service-desk/testing';
import fc from 'fast-check';
import { type ApiHarness, startApi } from '../support/api.js';

/**
 * Bad input on the complaint desk's entry points (`submitComplaint`, `proposeResolution`,
 * `submitPublicComplaint`): whatever arrives, the answer is data or a client error code, never
 * INTERNAL, and a refused call writes nothing.
 */
type Tenant = Awaited<ReturnType<ApiHarness['tenant']>>;

const SUBMIT =
  'mutation($input: SubmitComplaintInput!) { submitComplaint(input: $input) { id state customerId } }';
const PROPOSE = 'mutation($input: ProposeResolutionInput!) { proposeResolution(input: $input) { id state } }';
const DECIDE =
  'mutation($input: RecordCustomerDecisionInput!) { recordCustomerDecision(input: $input) { id state } }';
const PUBLIC =
  'mutation($input: SubmitPublicComplaintInput!) { submitPublicComplaint(input: $input) { trackingCode } }';
const PROPOSALS =
  'query($id: ID!) { complaint(id: $id) { state proposals { id round status options { id accepted } } } }';

const REMEDIES = ['REPAIR', 'REPLACE', 'REFUND', 'VOUCHER', 'POINTS', 'APOLOGY', 'OTHER'] as const;
const CHANNELS = ['PHONE', 'SMS', 'EMAIL', 'FAX', 'IM', 'WALK_IN', 'WEB'] as const;
const CATEGORIES = [
  'PRODUCT_QUALITY',
  'SERVICE_ATTITUDE',
  'MISLEADING_PROMOTION',
  'CUSTOMER_EXPECTATION',
  'MANAGEMENT',
  'OTHER',
] as const;
const SEVERITIES = ['LOW', 'NORMAL', 'HIGH', 'CRITICAL'] as const;
/** The agent's default compensation authority (DESIGN section 4). */
const AGENT_AUTHORITY = 200;

/** Rows of the tenant in every table these operations write (the owner bypasses RLS: filter explicitly). */
const TABLES = [
  'complaints',
  'complaint_proposals',
  'complaint_proposal_options',
  'complaint_notes',
  'tenant_events',
] as const;
type Counts = Record<(typeof TABLES)[number], number>;

const countRows = (tenantId: string): Promise<Counts> =>
  asOwner(tenantId, async (client) => {
    const columns = TABLES.map(
      (table) => `(SELECT count(*)::int FROM ${table} WHERE tenant_id = $1) AS ${table}`,
    );
    const { rows } = await client.query(`SELECT ${columns.join(', ')}`, [tenantId]);
    return rows[0] as Counts;
  });

/** The tables whose row count changed, with the change. */
const delta = (before: Counts, after: Counts): Partial<Counts> =>
  Object.fromEntries(
    TABLES.filter((table) => after[table] !== before[table]).map((table) => [
      table,
      after[table] - before[table],
    ]),
  );

const codesOf = (result: { errors?: GraphqlResult['errors'] }) =>
  (result.errors ?? []).map((error) => error.extensions?.code);

/** Fails with the whole answer in view when a code outside the allowed set appears. */
function expectRefusal(result: GraphqlResult, allowed: ReadonlySet<string>, input: unknown): void {
  const codes = codesOf(result);
  const stray = codes.filter((code) => !allowed.has(code ?? ''));
  if (result.status >= 500 || codes.length === 0 || stray.length > 0) {
    throw new Error(`unexpected answer ${JSON.stringify(result)} to ${JSON.stringify(input)?.slice(0, 500)}`);
  }
}

// Strings weighted towards the nasty ones: empty, blank, control characters, NUL, unicode, oversize.
const nastyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '',
    ' ',
    '     ',
    '\t\n',
    '\u3000\u3000\u3000\u3000\u3000',
    '\u0000',
    'a\u0000b',
    '王秀英',
    '🙂'.repeat(50),
    "' OR 1=1 --",
    '<script>alert(1)</script>',
    '%_\\',
  ),
  fc.string({ minLength: 121, maxLength: 400 }),
  fc.constant('x'.repeat(2_001)),
  fc.constant('王'.repeat(5_001)),
);
const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: nastyText },
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
);
/**
 * Valid inputs; the same inputs with some fields spoiled (by near misses of that field or by junk of any
 * JSON shape); valid inputs with fields the schema does not know; and junk instead of the input.
 */
function spoiled<T extends Record<string, unknown>>(
  valid: fc.Arbitrary<T>,
  nearMisses: { [K in keyof T]: fc.Arbitrary<unknown> },
  strangers: string[],
): fc.Arbitrary<unknown> {
  const junk = Object.fromEntries(
    Object.entries(nearMisses).map(([field, near]) => [field, fc.oneof(near, anyJson)]),
  );
  const fields = Object.keys(nearMisses);
  return fc.oneof(
    { weight: 4, arbitrary: valid },
    // One field spoiled: nothing else can mask its effect.
    {
      weight: 4,
      arbitrary: fc
        .tuple(valid, fc.constantFrom(...fields))
        .chain(([input, field]) => junk[field].map((bad) => ({ ...input, [field]: bad }))),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(valid, fc.record(junk, { requiredKeys: [] }))
        .map(([input, bad]) => ({ ...input, ...bad })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(valid, fc.dictionary(fc.constantFrom(...strangers), anyJson, { minKeys: 1, maxKeys: 2 }))
        .map(([input, extra]) => ({ ...extra, ...input })),
    },
    { weight: 1, arbitrary: anyJson },
  );
}
const PHONE = /^\+?[0-9][0-9 ()-]{4,24}$/;
const badPhone = fc.constantFrom(
  '',
  '12',
  'call me',
  '+',
  '1'.repeat(30),
  '138 0000 1111 ext. 5',
  '１３８００００１１１１',
);
const badEmail = fc.constantFrom('', 'not an address', 'a@', '@b.cn', `${'e'.repeat(250)}@example.com`);
/** Text that is only white space (as JavaScript's trim() and \s see it), at least `minLength` long. */
const blank = (minLength: number) =>
  fc.string({
    unit: fc.constantFrom(' ', '\t', '\n', '\u3000', '\u00a0', '\ufeff'),
    minLength,
    maxLength: 30,
  });
const badEnum = fc.constantFrom('', 'phone', ' PHONE', 'CARRIER_PIGEON', 'OTHER ', '投诉');
const goodText = (maxLength: number) =>
  fc.oneof(
    fc.string({ minLength: 1, maxLength }).filter((s) => /\S/.test(s) && !s.includes('\u0000')),
    fc.constantFrom('酸奶里有苍蝇', 'Fly in yogurt', '服务态度差 rude staff'),
  );

/**
 * Amounts: in and above the agent's authority, negative, fractional with three decimals, huge, and
 * non-numbers. Numbers printed in exponent form without a decimal point (1e-7) are left out here:
 * they hit a known defect, pinned by its own test below.
 */
const money = fc.integer({ min: 0, max: (AGENT_AUTHORITY + 100) * 100 }).map((cents) => cents / 100);
const badAmount = fc.oneof(
  fc.integer({ min: -1_000_000, max: -1 }).map((cents) => cents / 100),
  fc
    .integer({ min: 1, max: 999_999 })
    .map((mills) => mills / 1000)
    .filter((n) => !Number.isInteger(n * 100)),
  fc.constantFrom(10_000_000.01, 1e15, 1e300, Number.MAX_VALUE, 2 ** 53 + 2, -0.001),
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '100', '1e400', '', null, true, [], {}),
  fc.double().filter((n) => !/e-/.test(String(n)) || String(n).includes('.')),
);
const badPoints = fc.oneof(
  fc.integer({ min: -1_000_000, max: 0 }),
  fc.constantFrom(1_000_001, 2 ** 31, 1.5, 'ten', '100', true, {}, [1]),
);

/** A coherent option (points exactly for POINTS), or one with a bad field. */
const validOption = fc
  .record({
    remedy: fc.constantFrom(...REMEDIES),
    amount: money,
    points: fc.integer({ min: 1, max: 1_000_000 }),
    description: goodText(1000),
  })
  .map(({ remedy, points, ...rest }) =>
    remedy === 'POINTS' ? { remedy, points, ...rest } : { remedy, ...rest },
  );
const badOption = fc.oneof(
  validOption.chain((option) =>
    fc
      .record(
        {
          remedy: fc.constantFrom('CASH', 'points', '', 'POINTS ', 5, null),
          amount: badAmount,
          points: badPoints,
          description: nastyText,
          extra: anyJson,
        },
        { requiredKeys: [] },
      )
      .map((bad) => ({ ...option, ...bad })),
  ),
  // Coherence errors the schema cannot see: points missing or misplaced.
  validOption.map((option) => ({ ...option, remedy: 'POINTS', points: undefined })),
  validOption.map((option) => ({ ...option, remedy: 'REFUND', points: 100 })),
  anyJson,
);
const options = fc.oneof(
  { weight: 6, arbitrary: fc.array(validOption, { minLength: 1, maxLength: 5 }) },
  {
    weight: 3,
    arbitrary: fc.array(fc.oneof(validOption, badOption), { minLength: 1, maxLength: 5 }),
  },
  { weight: 1, arbitrary: fc.constant([]) },
  { weight: 1, arbitrary: fc.array(validOption, { minLength: 6, maxLength: 8 }) },
  { weight: 1, arbitrary: anyJson },
);

describe('complaint desk: bad input never becomes an internal error or a partial write', () => {
  let api: ApiHarness;
  let t: Tenant;
  let agent: string;
  let customerId: string;
  let foreignCustomerId: string;

  const mutate = async (query: string, input: unknown, token: string) => api.gql(query, { input }, token);
  const createCustomer = async (tenant: Tenant, name: string) => {
    const result = await mutate(
      'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }',
      { name, phone: '13900001111' },
      await tenant.token(Role.AGENT),
    );
    if (!result.data) throw new Error(JSON.stringify(result.errors));
    return result.data.createCustomer.id as string;
  };
  /** A complaint brought to INVESTIGATING, where a proposal can be made. */
  const investigating = async (link: string | null) => {
    const submitted = await mutate(
      SUBMIT,
      {
        ...(link ? { customerId: link } : { contactName: '张先生', contactPhone: '13700001234' }),
        channel: 'PHONE',
        category: 'PRODUCT_QUALITY',
        title: '酸奶里有苍蝇',
        description: '孩子喝酸奶时发现苍蝇',
      },
      agent,
    );
    const id = submitted.data?.submitComplaint.id as string;
    const acknowledged = await mutate(
      'mutation($input: AcknowledgeComplaintInput!) { acknowledgeComplaint(input: $input) { id } }',
      { complaintId: id, promisedReplyAt: new Date(Date.now() + 3_600_000).toISOString() },
      agent,
    );
    const started = await mutate(
      'mutation($input: ComplaintIdInput!) { startInvestigation(input: $input) { state } }',
      { complaintId: id },
      agent,
    );
    if (!acknowledged.data || started.data?.startInvestigation.state !== 'INVESTIGATING')
      throw new Error(JSON.stringify([submitted, acknowledged, started]));
    return id;
  };
  const detail = async (id: string) =>
    (await api.gql(PROPOSALS, { id }, agent)).data?.complaint as {
      state: string;
      proposals: Array<{
        id: string;
        round: number;
        status: string;
        options: Array<{ id: string; accepted: boolean }>;
      }>;
    };

  beforeAll(async () => {
    api = await startApi();
    t = await api.tenant();
    agent = await t.token(Role.AGENT);
    customerId = await createCustomer(t, '李女士');
    foreignCustomerId = await createCustomer(await api.tenant(), 'Someone elsewhere');
  });
  afterAll(() => api.close());

  it('submitComplaint answers data, BAD_USER_INPUT or NOT_FOUND (unknown customer) and stores nothing when refused', async () => {
    const allowed = new Set(['BAD_USER_INPUT', 'NOT_FOUND']);
    const byKey = new Map<string, string>();
    let created = 0;
    const valid = fc.record(
      {
        customerId: fc.constant(customerId),
        contactName: goodText(120),
        contactPhone: fc.stringMatching(PHONE),
        contactEmail: fc.emailAddress(),
        channel: fc.constantFrom(...CHANNELS),
        category: fc.constantFrom(...CATEGORIES),
        subcategory: fc.string({ maxLength: 60 }).filter((text) => !text.includes('\u0000')),
        severity: fc.constantFrom(...SEVERITIES),
        title: goodText(200),
        description: goodText(5000),
        // A small pool, so that retries (which answer the first complaint) happen.
        idempotencyKey: fc.constantFrom('retry-1', 'retry-2', 'retry-3'),
      },
      // Without customer and contact it is refused: the service checks that one is given.
      { requiredKeys: ['channel', 'category', 'title', 'description'] },
    );
    const input = spoiled(
      valid,
      {
        customerId: fc.constantFrom(foreignCustomerId, newId(), 'not-an-id', ''),
        contactName: fc.oneof(nastyText, blank(1)),
        contactPhone: badPhone,
        contactEmail: badEmail,
        channel: badEnum,
        category: badEnum,
        subcategory: nastyText,
        severity: badEnum,
        title: fc.oneof(nastyText, blank(1)),
        description: fc.oneof(nastyText, blank(1)),
        idempotencyKey: fc.constantFrom('', 'k'.repeat(101), 'key\u0000'),
      },
      ['id', 'tenantId', 'state', 'handlerId', 'submittedBy'],
    );
    await fc.assert(
      fc.asyncProperty(input, async (value) => {
        const before = await countRows(t.tenantId);
        const result = await mutate(SUBMIT, value, agent);
        const after = await countRows(t.tenantId);
        const complaint = result.data?.submitComplaint;
        if (!complaint) {
          expectRefusal(result, allowed, value);
          expect(delta(before, after)).toEqual({});
          return;
        }
        expect(codesOf(result)).toEqual([]);
        const key = (value as { idempotencyKey?: string }).idempotencyKey;
        if (key && byKey.has(key)) {
          // A retry answers the complaint of the first call and writes nothing.
          expect(complaint.id).toBe(byKey.get(key));
          expect(delta(before, after)).toEqual({});
        } else {
          expect(complaint.state).toBe('RECEIVED');
          expect(delta(before, after)).toEqual({ complaints: 1, tenant_events: 1 });
          if (key) byKey.set(key, complaint.id);
          created++;
        }
      }),
      { numRuns: 40 },
    );
    expect(created).toBeGreaterThan(0);
  });

  it('proposeResolution answers data, BAD_USER_INPUT or COMPENSATION_LIMIT_EXCEEDED and stores nothing when refused', async () => {
    const allowed = new Set(['BAD_USER_INPUT', 'COMPENSATION_LIMIT_EXCEEDED']);
    const complaintId = await investigating(customerId);
    const outcomes = { proposed: 0, overLimit: 0, badInput: 0 };
    const input = fc
      .record(
        { options, message: fc.oneof(fc.constant(undefined), goodText(2000), nastyText) },
        { requiredKeys: ['options'] },
      )
      .map((rest) => ({ complaintId, ...rest }));
    await fc.assert(
      fc.asyncProperty(input, async (value) => {
        const before = await countRows(t.tenantId);
        const result = await mutate(PROPOSE, value, agent);
        const after = await countRows(t.tenantId);
        const proposed = result.data?.proposeResolution;
        if (!proposed) {
          expectRefusal(result, allowed, value);
          expect(delta(before, after)).toEqual({});
          expect((await detail(complaintId)).state).toBe('INVESTIGATING');
          if (codesOf(result).includes('COMPENSATION_LIMIT_EXCEEDED')) outcomes.overLimit++;
          else outcomes.badInput++;
          return;
        }
        expect(codesOf(result)).toEqual([]);
        expect(proposed.state).toBe('PROPOSED');
        const sent = value.options as Array<{ amount: number }>;
        const list = Array.isArray(sent) ? sent : [sent];
        expect(list.every((option) => option.amount <= AGENT_AUTHORITY)).toBe(true);
        const noted = typeof value.message === 'string' && value.message.trim() !== '';
        expect(delta(before, after)).toEqual({
          complaint_proposals: 1,
          complaint_proposal_options: list.length,
          tenant_events: 1,
          ...(noted ? { complaint_notes: 1 } : {}),
        });
        outcomes.proposed++;
        // The customer declines: back to INVESTIGATING for the next run.
        const declined = await mutate(DECIDE, { complaintId, accepted: false }, agent);
        expect(declined.data?.recordCustomerDecision.state).toBe('INVESTIGATING');
      }),
      { numRuns: 40 },
    );
    expect(outcomes.proposed).toBeGreaterThan(0);
    expect(outcomes.badInput).toBeGreaterThan(0);
  });

  it('submitPublicComplaint answers a tracking code, BAD_USER_INPUT or NOT_FOUND (unknown store) and stores nothing when refused', async () => {
    const allowed = new Set(['BAD_USER_INPUT', 'NOT_FOUND']);
    const codeByKey = new Map<string, string>();
    let filed = 0;
    const hqSlug = `hq-${t.slug.slice(2)}`;
    const valid = fc.record(
      {
        tenantSlug: fc.constant(t.slug),
        name: goodText(120),
        phone: fc.stringMatching(PHONE),
        email: fc.emailAddress(),
        category: fc.constantFrom(...CATEGORIES),
        description: fc.oneof(
          goodText(2000).filter((text) => text.length >= 5),
          fc.constantFrom('我买的牛奶过期了，请处理', 'The milk was sour', `${'长'.repeat(1_999)}!`),
        ),
        // A small pool, so that retries (which answer the first tracking code) happen.
        idempotencyKey: fc.constantFrom('web-key-0001', 'web-key-0002', 'k'.repeat(93)),
      },
      // Without phone and e-mail it is refused: the service checks that one is given.
      { requiredKeys: ['tenantSlug', 'name', 'description'] },
    );
    const input = spoiled(
      valid,
      {
        tenantSlug: fc.oneof(
          fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,39}$/),
          fc.constantFrom(hqSlug, t.slug.toUpperCase(), ` ${t.slug}`, `${t.slug}\u0000`, ''),
        ),
        name: fc.oneof(nastyText, blank(1)),
        phone: badPhone,
        email: badEmail,
        category: badEnum,
        description: fc.oneof(nastyText, blank(5), fc.constantFrom('abcd', `${'长'.repeat(2_000)}!`)),
        idempotencyKey: fc.oneof(
          fc.constantFrom('', 'short', 'web-key-\u0000'),
          fc.integer({ min: 94, max: 101 }).map((length) => 'k'.repeat(length)),
        ),
      },
      ['tenantId', 'channel', 'severity', 'handlerId'],
    );
    await fc.assert(
      fc.asyncProperty(input, async (value) => {
        const before = await countRows(t.tenantId);
        // A fresh client address per call: the per-address intake limit never interferes.
        const result = await graphql(api.url, PUBLIC, { input: value }, undefined, randomClientAddress());
        const after = await countRows(t.tenantId);
        const receipt = result.data?.submitPublicComplaint;
        if (!receipt) {
          expectRefusal(result, allowed, value);
          expect(delta(before, after)).toEqual({});
          return;
        }
        expect(codesOf(result)).toEqual([]);
        expect(receipt.trackingCode).toMatch(/^CT-[A-Z0-9]{5}-[A-Z0-9]{5}$/);
        const key = (value as { idempotencyKey?: string }).idempotencyKey;
        if (key && codeByKey.has(key)) {
          expect(receipt.trackingCode).toBe(codeByKey.get(key));
          expect(delta(before, after)).toEqual({});
        } else {
          expect(delta(before, after)).toEqual({ complaints: 1, tenant_events: 1 });
          if (key) codeByKey.set(key, receipt.trackingCode);
          filed++;
        }
      }),
      { numRuns: 40 },
    );
    expect(filed).toBeGreaterThan(0);
  });

  it('public intake: blank text, oversize text and keys, NUL and unknown stores are refused without a write', async () => {
    const base = {
      tenantSlug: t.slug,
      name: '王女士',
      phone: '13600002222',
      description: '网购的商品少发了一件',
    };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...base, description: '     ' }, 'BAD_USER_INPUT'],
      [{ ...base, description: '\u3000\u3000\u3000\u3000\u3000\n' }, 'BAD_USER_INPUT'],
      [{ ...base, description: '' }, 'BAD_USER_INPUT'],
      [{ ...base, description: 'x'.repeat(2_001) }, 'BAD_USER_INPUT'],
      [{ ...base, description: 'a\u0000bcdef' }, 'BAD_USER_INPUT'],
      [{ ...base, name: '   ' }, 'BAD_USER_INPUT'],
      [{ ...base, name: 'a\u0000b' }, 'BAD_USER_INPUT'],
      [{ ...base, phone: undefined }, 'BAD_USER_INPUT'],
      [{ ...base, email: 'not an address' }, 'BAD_USER_INPUT'],
      [{ ...base, idempotencyKey: 'k'.repeat(94) }, 'BAD_USER_INPUT'],
      [{ ...base, idempotencyKey: 'k'.repeat(101) }, 'BAD_USER_INPUT'],
      [{ ...base, idempotencyKey: `key\u0000-0001` }, 'BAD_USER_INPUT'],
      [{ ...base, tenantSlug: 'no-such-store' }, 'NOT_FOUND'],
      [{ ...base, tenantSlug: `hq-${t.slug.slice(2)}` }, 'NOT_FOUND'],
      [{ ...base, tenantSlug: 'Bad Slug!' }, 'BAD_USER_INPUT'],
    ];
    const before = await countRows(t.tenantId);
    for (const [input, code] of cases) {
      const result = await graphql(api.url, PUBLIC, { input }, undefined, randomClientAddress());
      expect([input, codesOf(result)]).toEqual([input, [code]]);
    }
    expect(delta(before, await countRows(t.tenantId))).toEqual({});
    // The longest key that is accepted is stored, and answers the same code on a retry.
    const key = 'k'.repeat(93);
    const first = await graphql(
      api.url,
      PUBLIC,
      { input: { ...base, idempotencyKey: key } },
      undefined,
      randomClientAddress(),
    );
    const again = await graphql(
      api.url,
      PUBLIC,
      { input: { ...base, idempotencyKey: key } },
      undefined,
      randomClientAddress(),
    );
    expect(first.data?.submitPublicComplaint.trackingCode).toMatch(/^CT-/);
    expect(again.data?.submitPublicComplaint.trackingCode).toBe(
      first.data?.submitPublicComplaint.trackingCode,
    );
  });

  it('points must match the remedy and need a linked customer; nothing is written otherwise', async () => {
    const linked = await investigating(customerId);
    const anonymous = await investigating(null);
    const cases: Array<[string, Record<string, unknown>]> = [
      [linked, { remedy: 'POINTS', amount: 20, description: 'Goodwill points' }],
      [linked, { remedy: 'POINTS', amount: 20, points: null, description: 'Goodwill points' }],
      [linked, { remedy: 'POINTS', amount: 20, points: 0, description: 'Goodwill points' }],
      [linked, { remedy: 'REPLACE', amount: 20, points: 500, description: 'A new carton' }],
      [linked, { remedy: 'APOLOGY', amount: 0, points: 1, description: 'Sorry' }],
      [anonymous, { remedy: 'POINTS', amount: 20, points: 500, description: 'Goodwill points' }],
    ];
    for (const [complaintId, option] of cases) {
      const before = await countRows(t.tenantId);
      const input = {
        complaintId,
        // A valid first option: the refusal of the second must undo it too.
        options: [{ remedy: 'REPLACE', amount: 15, description: 'A new carton' }, option],
        message: 'We are sorry',
      };
      const result = await mutate(PROPOSE, input, agent);
      expect([option, codesOf(result)]).toEqual([option, ['BAD_USER_INPUT']]);
      expect(delta(before, await countRows(t.tenantId))).toEqual({});
      expect((await detail(complaintId)).state).toBe('INVESTIGATING');
    }
    // The same options are fine where they belong.
    const fine = await mutate(
      PROPOSE,
      {
        complaintId: linked,
        options: [
          { remedy: 'REPLACE', amount: 15, description: 'A new carton' },
          { remedy: 'POINTS', amount: 20, points: 500, description: 'Goodwill points' },
        ],
      },
      agent,
    );
    expect(fine.data?.proposeResolution.state).toBe('PROPOSED');
  });

  it('accepting with an option of another proposal is BAD_USER_INPUT and changes nothing', async () => {
    const first = await investigating(customerId);
    const other = await investigating(customerId);
    const propose = async (id: string, description: string) => {
      const result = await mutate(
        PROPOSE,
        { complaintId: id, options: [{ remedy: 'VOUCHER', amount: 50, description }] },
        agent,
      );
      expect(result.data?.proposeResolution.state).toBe('PROPOSED');
    };
    // Round 1 is declined, round 2 is pending; another complaint has a pending proposal of its own.
    await propose(first, '50 元代金券');
    expect((await mutate(DECIDE, { complaintId: first, accepted: false }, agent)).data).toBeTruthy();
    await propose(first, '50 元代金券, second offer');
    await propose(other, 'Voucher for the other complaint');
    const mine = await detail(first);
    const theirs = await detail(other);
    const declinedOption = mine.proposals.find((p) => p.round === 1)!.options[0].id;
    const pendingOption = mine.proposals.find((p) => p.round === 2)!.options[0].id;
    const foreignOption = theirs.proposals[0].options[0].id;

    for (const optionIds of [
      [foreignOption],
      [declinedOption],
      [pendingOption, foreignOption],
      [newId()],
      [],
      ['not-an-id'],
    ]) {
      const before = await countRows(t.tenantId);
      const result = await mutate(DECIDE, { complaintId: first, accepted: true, optionIds }, agent);
      expect([optionIds, codesOf(result)]).toEqual([optionIds, ['BAD_USER_INPUT']]);
      expect(delta(before, await countRows(t.tenantId))).toEqual({});
      // No option was marked accepted, no proposal decided, both complaints still wait for the customer.
      expect(await detail(first)).toEqual(mine);
      expect(await detail(other)).toEqual(theirs);
    }
    const accepted = await mutate(
      DECIDE,
      { complaintId: first, accepted: true, optionIds: [pendingOption] },
      agent,
    );
    expect(accepted.data?.recordCustomerDecision.state).toBe('PROPOSED');
  });

  // class-validator 0.15's IsNumber({ maxDecimalPlaces }) throws for numbers printed in exponent form
  // (1e-7, 5e-324); amounts are checked by our own IsMoney instead.
  it('an amount like 1e-7 is BAD_USER_INPUT, not INTERNAL', async () => {
    const complaintId = await investigating(customerId);
    for (const amount of [1e-7, 5e-324]) {
      const before = await countRows(t.tenantId);
      const result = await mutate(
        PROPOSE,
        { complaintId, options: [{ remedy: 'REFUND', amount, description: 'Refund' }] },
        agent,
      );
      expect(delta(before, await countRows(t.tenantId))).toEqual({});
      expect(codesOf(result)).toEqual(['BAD_USER_INPUT']);
    }
  });
});
