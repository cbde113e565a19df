import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '@service-desk/core';
import { asOwner, type GraphqlResult } from '@service-desk/testing';
import fc from 'fast-check';
import { type ApiHarness, startApi } from '../support/api.js';

const CREATE =
  'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id name memberNumber } }';
const CLIENT_ERRORS = new Set(['BAD_USER_INPUT', 'CONFLICT']);

type Tenant = Awaited<ReturnType<ApiHarness['tenant']>>;

const codesOf = (result: { errors?: GraphqlResult['errors'] }) =>
  (result.errors ?? []).map((error) => error.extensions?.code);

const customerRows = (tenantId: string) =>
  asOwner(tenantId, async (client) => {
    const { rows } = await client.query('SELECT count(*)::int AS n FROM customers WHERE tenant_id = $1', [
      tenantId,
    ]);
    return rows[0].n as number;
  });

/** A request the test client would never send: raw body and headers. */
async function rawPost(
  url: string,
  body: string,
  headers: Record<string, string> = { 'content-type': 'application/json' },
) {
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers, body });
  const text = await response.text();
  let json: { errors?: GraphqlResult['errors']; data?: unknown } | undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}

// Arbitrary values of every JSON shape, strings weighted towards the nasty ones.
const nastyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '',
    ' ',
    '\t\n',
    '\u0000',
    'a\u0000b',
    '王秀英',
    '🙂'.repeat(50),
    "' OR 1=1 --",
    '<script>alert(1)</script>',
    '%_\\',
  ),
  fc.string({ minLength: 121, maxLength: 400 }),
  fc.constant('x'.repeat(10_000)),
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
// Mostly valid values, so that a good share of the inputs is accepted and both outcomes are exercised.
const orJunk = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: anyJson });

const customerInput = fc
  .record(
    {
      name: orJunk(fc.string({ minLength: 1, maxLength: 120 })),
      phone: orJunk(fc.stringMatching(/^\+?[0-9][0-9 -]{4,20}$/)),
      email: orJunk(fc.emailAddress()),
      // A small pool, so that duplicates (CONFLICT) happen.
      memberNumber: orJunk(fc.constantFrom('PB-1', 'PB-2', 'PB-3', 'pb-1')),
      address: orJunk(fc.string({ maxLength: 300 })),
      tier: orJunk(
        fc.constantFrom('STANDARD', 'SILVER', 'GOLD', 'PREMIUM', 'gold', 'DIAMOND', 'STANDARD ', ''),
      ),
      consentToContact: orJunk(fc.boolean()),
      idempotencyKey: orJunk(fc.uuid()),
    },
    { requiredKeys: ['name'] },
  )
  .chain((input) =>
    // Sometimes fields the schema does not know.
    fc
      .dictionary(fc.constantFrom('id', 'tenantId', 'status', 'createdBy', '__proto__x', 'extra'), anyJson, {
        maxKeys: 2,
      })
      .map((extra) => ({ ...extra, ...input })),
  );

describe('bad input never becomes an internal error', () => {
  let api: ApiHarness;
  let tenant: Tenant;
  let agent: string;
  beforeAll(async () => {
    api = await startApi();
    tenant = await api.tenant();
    agent = await tenant.token(Role.AGENT);
  });
  afterAll(() => api.close());

  it('createCustomer answers data or BAD_USER_INPUT/CONFLICT for arbitrary input, and a rejected input stores nothing', async () => {
    const created = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 9, arbitrary: customerInput }, { weight: 1, arbitrary: anyJson }),
        async (input) => {
          const before = await customerRows(tenant.tenantId);
          const result = await api.gql<{ createCustomer: { id: string } | null }>(CREATE, { input }, agent);
          const after = await customerRows(tenant.tenantId);
          const codes = codesOf(result);
          expect(result.status).toBeLessThan(500);
          const customer = result.data?.createCustomer;
          if (customer) {
            expect(codes).toEqual([]);
            if (after === before) {
              // An idempotent retry answers the customer it created before.
              expect(created.has(customer.id)).toBe(true);
            } else {
              expect(after).toBe(before + 1);
              created.add(customer.id);
            }
          } else {
            expect(codes.length).toBeGreaterThan(0);
            expect(codes.filter((code) => !CLIENT_ERRORS.has(code ?? ''))).toEqual([]);
            expect(after).toBe(before);
          }
        },
      ),
      { numRuns: 60 },
    );
    // The run exercised both outcomes, not only one of them.
    expect(created.size).toBeGreaterThan(0);
  });

  it('an invalid enum is BAD_USER_INPUT, as a variable and as a literal', async () => {
    const variable = await api.gql(CREATE, { input: { name: 'Enum', tier: 'DIAMOND' } }, agent);
    const literal = await api.gql(
      'mutation { createCustomer(input: { name: "Enum", tier: DIAMOND }) { id } }',
      {},
      agent,
    );
    const quoted = await api.gql(
      'mutation { createCustomer(input: { name: "Enum", tier: "GOLD" }) { id } }',
      {},
      agent,
    );
    const filter = await api.gql('{ customers(tier: DIAMOND) { edges { node { id } } } }', {}, agent);
    const role = await api.gql(
      '{ users(role: GOD) { edges { node { id } } } }',
      {},
      await tenant.token(Role.OWNER),
    );
    for (const result of [variable, literal, quoted, filter, role]) {
      expect(result.status).toBeLessThan(500);
      expect(codesOf(result)).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('wrong types are BAD_USER_INPUT', async () => {
    for (const input of [
      { name: 12345 },
      { name: ['a', 'b'] },
      { name: { first: 'Li' } },
      { name: 'Types', consentToContact: 'yes' },
      { name: 'Types', phone: 13812345678 },
      { name: null },
      'just a string',
    ]) {
      const result = await api.gql(CREATE, { input }, agent);
      expect([input, result.status < 500, codesOf(result)]).toEqual([input, true, ['BAD_USER_INPUT']]);
    }
    const page = await api.gql(
      'query($first: Int) { customers(first: $first) { edges { node { id } } } }',
      { first: 'ten' },
      agent,
    );
    expect(codesOf(page)).toEqual(['BAD_USER_INPUT']);
  });

  it('oversize strings are BAD_USER_INPUT and store nothing', async () => {
    const before = await customerRows(tenant.tenantId);
    const huge = '王'.repeat(10_000);
    for (const input of [
      { name: 'x'.repeat(10_000) },
      { name: huge },
      { name: 'Big address', address: 'a'.repeat(301) },
      { name: 'Big key', idempotencyKey: 'k'.repeat(101) },
      { name: 'Big member', memberNumber: 'M'.repeat(41) },
      { name: 'Big email', email: `${'e'.repeat(300)}@example.com` },
      { name: 'Big phone', phone: '1'.repeat(200) },
    ]) {
      const result = await api.gql(CREATE, { input }, agent);
      expect([Object.keys(input).at(-1), codesOf(result)]).toEqual([
        Object.keys(input).at(-1),
        ['BAD_USER_INPUT'],
      ]);
    }
    const search = await api.gql(
      'query($s: String) { customers(search: $s) { edges { node { id } } } }',
      { s: huge },
      agent,
    );
    expect(codesOf(search)).toEqual(['BAD_USER_INPUT']);
    const reveal = await api.gql(
      'mutation($input: RevealCustomerContactInput!) { revealCustomerContact(input: $input) { phone } }',
      { input: { customerId: '01900000-0000-7000-8000-000000000000', reason: huge } },
      await tenant.token(Role.HR),
    );
    expect(codesOf(reveal)).toEqual(['BAD_USER_INPUT']);
    expect(await customerRows(tenant.tenantId)).toBe(before);
  });

  it('NUL characters in text, which PostgreSQL cannot store, are BAD_USER_INPUT', async () => {
    const before = await customerRows(tenant.tenantId);
    for (const input of [
      { name: 'a\u0000b' },
      { name: 'Nul address', address: '\u0000' },
      { name: 'Nul key', idempotencyKey: 'k\u0000' },
    ]) {
      expect(codesOf(await api.gql(CREATE, { input }, agent))).toEqual(['BAD_USER_INPUT']);
    }
    const search = await api.gql(
      'query($s: String) { customers(search: $s) { edges { node { id } } } }',
      { s: 'a\u0000' },
      agent,
    );
    expect(codesOf(search)).toEqual(['BAD_USER_INPUT']);
    const cursor = Buffer.from(JSON.stringify(['a\u0000', 'b'])).toString('base64url');
    const page = await api.gql(
      'query($after: String) { customers(after: $after) { edges { node { id } } } }',
      { after: cursor },
      agent,
    );
    expect(codesOf(page)).toEqual(['BAD_USER_INPUT']);
    expect(await customerRows(tenant.tenantId)).toBe(before);
  });

  it('malformed ids are BAD_USER_INPUT, in every operation that takes one', async () => {
    const owner = await tenant.token(Role.OWNER);
    const hr = await tenant.token(Role.HR);
    const calls: Array<[string, string, (id: string) => Record<string, unknown>, string]> = [
      ['customer', 'query($id: ID!) { customer(id: $id) { id } }', (id) => ({ id }), agent],
      ['user', 'query($id: ID!) { user(id: $id) { id } }', (id) => ({ id }), owner],
      [
        'updateCustomer',
        'mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { id } }',
        (id) => ({ input: { id, name: 'X' } }),
        agent,
      ],
      [
        'updateUser',
        'mutation($input: UpdateUserInput!) { updateUser(input: $input) { id } }',
        (id) => ({ input: { id, displayName: 'X' } }),
        owner,
      ],
      [
        'deactivateUser',
        'mutation($input: UserIdInput!) { deactivateUser(input: $input) { id } }',
        (id) => ({ input: { id } }),
        owner,
      ],
      [
        'reactivateUser',
        'mutation($input: UserIdInput!) { reactivateUser(input: $input) { id } }',
        (id) => ({ input: { id } }),
        owner,
      ],
      [
        'revealCustomerContact',
        'mutation($input: RevealCustomerContactInput!) { revealCustomerContact(input: $input) { phone } }',
        (id) => ({ input: { customerId: id, reason: 'Checking malformed ids' } }),
        hr,
      ],
    ];
    const malformed = [
      'abc',
      "' OR 1=1 --",
      '',
      ' ',
      '01900000-0000-7000-8000-00000000000g',
      '01900000000070008000000000000000x',
      '../../etc/passwd',
      'x'.repeat(5000),
    ];
    const outcomes: Array<[string, string, unknown]> = [];
    for (const [name, query, variables, token] of calls) {
      for (const id of malformed) {
        const result = await api.gql(query, variables(id), token);
        outcomes.push([
          name,
          id.slice(0, 40),
          result.status < 500 && JSON.stringify(codesOf(result)) === '["BAD_USER_INPUT"]'
            ? 'ok'
            : [result.status, codesOf(result)],
        ]);
      }
    }
    expect(outcomes.filter(([, , outcome]) => outcome !== 'ok')).toEqual([]);
    // An integer literal for an ID is coerced to a string and then refused the same way.
    expect(codesOf(await api.gql('{ customer(id: 123) { id } }', {}, agent))).toEqual(['BAD_USER_INPUT']);
  });

  it('malformed JSON bodies answer 400 with BAD_USER_INPUT', async () => {
    for (const body of [
      '{"query": "{ __typename }"',
      'not json at all',
      '{"query": }',
      '\u0000',
      '{"query": "{ __typename }", "variables": {"a": 1,}}',
    ]) {
      const response = await rawPost(api.url, body);
      expect([body, response.status, codesOf(response.json ?? {})]).toEqual([body, 400, ['BAD_USER_INPUT']]);
    }
    // Well-formed JSON that is not a GraphQL request is a 400 too, never a 500.
    for (const body of [
      '{}',
      '{"query": 123}',
      '"a string"',
      'null',
      '{"query": "{ __typename }", "variables": "nope"}',
      '{"query": "{ __typename }", "operationName": 7}',
    ]) {
      const response = await rawPost(api.url, body);
      expect([body, response.status]).toEqual([body, 400]);
      expect(codesOf(response.json ?? {})).not.toContain('INTERNAL');
    }
  });

  it('a huge query and a body over the size limit are refused with a 4xx, not executed', async () => {
    // About 6,000 tokens, over the parser's token limit but under the body limit.
    const huge = await rawPost(api.url, JSON.stringify({ query: `{ ${'__typename '.repeat(6_000)}}` }));
    expect(huge.status).toBe(400);
    expect(codesOf(huge.json ?? {})).toEqual(['BAD_USER_INPUT']);

    const oversize = await rawPost(
      api.url,
      JSON.stringify({ query: '{ __typename }', variables: { padding: 'p'.repeat(120 * 1024) } }),
    );
    expect([413, 400]).toContain(oversize.status);
    expect(codesOf(oversize.json ?? {})).toEqual(['BAD_USER_INPUT']);
  });

  it('a batched array body is refused', async () => {
    const response = await rawPost(api.url, '[{"query":"{__typename}"},{"query":"{__typename}"}]');
    expect(response.status).toBe(400);
    expect(Array.isArray(response.json)).toBe(false);
    expect(response.json?.data).toBeUndefined();
    expect(codesOf(response.json ?? {})).toEqual(['BAD_USER_INPUT']);
  });

  it('a request that is not JSON, or not a GraphQL media type, is refused (CSRF prevention)', async () => {
    const plain = await rawPost(api.url, '{"query":"{__typename}"}', { 'content-type': 'text/plain' });
    expect(plain.status).toBe(400);
    const form = await rawPost(api.url, 'query=%7B__typename%7D', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(400);
    for (const response of [plain, form]) expect(codesOf(response.json ?? {})).not.toContain('INTERNAL');
  });

  it('too deep, too many aliases and too expensive queries are BAD_USER_INPUT before execution', async () => {
    let deep = 'id';
    for (let i = 0; i < 12; i++) deep = `nested${i} { ${deep} }`;
    const tooDeep = await api.gql(`{ me { user { ${deep} } } }`, {}, agent);

    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: __typename`).join(' ');
    const tooManyAliases = await api.gql(`{ ${aliases} }`, {}, agent);

    const page =
      'customers(first: 100) { edges { node { id name phone email memberNumber address tier status createdAt updatedAt createdBy { id email displayName role } } } }';
    const tooExpensive = await api.gql(`{ p1: ${page} p2: ${page} p3: ${page} p4: ${page} }`, {}, agent);

    for (const [result, message] of [
      [tooDeep, /too deep/i],
      [tooManyAliases, /too many aliases/i],
      [tooExpensive, /too expensive/i],
    ] as const) {
      expect(result.status).toBe(400);
      expect(result.data ?? null).toBeNull();
      expect(new Set(codesOf(result))).toEqual(new Set(['BAD_USER_INPUT']));
      expect(result.errors?.some((error) => message.test(error.message))).toBe(true);
    }
    // At the limits it still runs: 30 aliases, one full page.
    const fine = await api.gql(
      `{ ${Array.from({ length: 29 }, (_, i) => `a${i}: __typename`).join(' ')} p1: ${page} }`,
      {},
      agent,
    );
    expect(fine.errors).toBeUndefined();
  });
});
