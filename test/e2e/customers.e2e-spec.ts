import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '@service-desk/core';
import { asOwner, errorCode } from '@service-desk/testing';
import { type ApiHarness, startApi } from '../support/api.js';

const FIELDS =
  'id name phone email memberNumber address tier consentToContact status contactVisibility createdById';
const CREATE = `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { ${FIELDS} } }`;
const GET = `query($id: ID!) { customer(id: $id) { ${FIELDS} } }`;
const SEARCH = `query($search: String, $first: Int, $after: String, $tier: CustomerTier) {
  customers(search: $search, first: $first, after: $after, tier: $tier) { edges { cursor node { ${FIELDS} } } pageInfo { hasNextPage endCursor } }
}`;
const REVEAL =
  'mutation($input: RevealCustomerContactInput!) { revealCustomerContact(input: $input) { customerId phone email } }';
const EVENTS =
  'query($since: Int!) { events(since: $since, first: 100) { latestSeq edges { node { seq type entity { kind id } actorId data } } } }';

interface Customer {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  memberNumber: string | null;
  address: string | null;
  tier: string;
  consentToContact: boolean;
  status: string;
  contactVisibility: string;
  createdById: string | null;
}
interface Page {
  edges: Array<{ cursor: string; node: Customer }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
type Tenant = Awaited<ReturnType<ApiHarness['tenant']>>;

const customerRows = (tenantId: string) =>
  asOwner(tenantId, async (client) => {
    const { rows } = await client.query('SELECT count(*)::int AS n FROM customers WHERE tenant_id = $1', [
      tenantId,
    ]);
    return rows[0].n as number;
  });

describe('customers', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  async function create(t: Tenant, input: Record<string, unknown>, role = Role.AGENT): Promise<Customer> {
    const result = await api.gql<{ createCustomer: Customer }>(CREATE, { input }, await t.token(role));
    if (!result.data?.createCustomer)
      throw new Error(`createCustomer failed: ${JSON.stringify(result.errors)}`);
    return result.data.createCustomer;
  }

  async function search(t: Tenant, role: Role, variables: Record<string, unknown>): Promise<Page> {
    const result = await api.gql<{ customers: Page }>(SEARCH, variables, await t.token(role));
    expect(result.errors).toBeUndefined();
    return result.data!.customers;
  }
  const names = (page: Page) => page.edges.map((edge) => edge.node.name);

  /** A tenant with a few customers whose names, phones and member numbers overlap in useful ways. */
  async function directory() {
    const t = await api.tenant();
    const wang = await create(t, {
      name: '王秀英',
      phone: '138-1234-5678',
      email: 'wang.xiuying@example.com',
      memberNumber: 'M-1001',
      address: '海港路 1 号 2 单元',
      tier: 'GOLD',
      consentToContact: true,
    });
    const wangFang = await create(t, { name: '王芳', phone: '+86 139 8765 4321', memberNumber: 'M-1002' });
    const li = await create(t, { name: '李四', phone: '13700001111', email: 'li4@example.com' });
    const john = await create(t, {
      name: 'John Smith',
      phone: '021-5555-0199',
      email: 'john@example.com',
      memberNumber: 'EN-77',
    });
    return { t, wang, wangFang, li, john };
  }

  it('registers a customer with normalized phone, defaults and its creator', async () => {
    const t = await api.tenant();
    const customer = await create(t, { name: '  张伟  ', phone: '138 1234 5678', address: 'Unit 5' });
    expect(customer).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/),
      name: '张伟',
      phone: '13812345678',
      email: null,
      memberNumber: null,
      address: 'Unit 5',
      tier: 'STANDARD',
      consentToContact: false,
      status: 'ACTIVE',
      contactVisibility: 'FULL',
      createdById: t.users.AGENT.id,
    });
    const read = await api.gql<{ customer: Customer }>(
      GET,
      { id: customer.id },
      await t.token(Role.SUPERVISOR),
    );
    expect(read.data?.customer).toEqual(customer);
  });

  it('resolves createdBy to the staff member, also for a whole page', async () => {
    const t = await api.tenant();
    await create(t, { name: 'By agent' }, Role.AGENT);
    await create(t, { name: 'By owner' }, Role.OWNER);
    await create(t, { name: 'By supervisor' }, Role.SUPERVISOR);
    const result = await api.gql<{
      customers: {
        edges: Array<{
          node: { name: string; createdBy: { id: string; role: string; email: string } | null };
        }>;
      };
    }>(
      '{ customers(first: 10) { edges { node { name createdBy { id role email } } } } }',
      {},
      await t.token(Role.OWNER),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.customers.edges.map((edge) => edge.node)).toEqual([
      { name: 'By agent', createdBy: { id: t.users.AGENT.id, role: 'AGENT', email: t.users.AGENT.email } },
      { name: 'By owner', createdBy: { id: t.users.OWNER.id, role: 'OWNER', email: t.users.OWNER.email } },
      {
        name: 'By supervisor',
        createdBy: { id: t.users.SUPERVISOR.id, role: 'SUPERVISOR', email: t.users.SUPERVISOR.email },
      },
    ]);
  });

  it('front-desk roles search by Chinese and English name, phone digits and member number', async () => {
    const { t, wang, wangFang, li, john } = await directory();
    for (const role of [Role.OWNER, Role.SUPERVISOR, Role.AGENT]) {
      expect(names(await search(t, role, { search: '王' }))).toEqual(['王秀英', '王芳'].sort());
      expect(names(await search(t, role, { search: '秀英' }))).toEqual(['王秀英']);
      expect(names(await search(t, role, { search: 'john' }))).toEqual(['John Smith']);
      expect(names(await search(t, role, { search: 'SMITH' }))).toEqual(['John Smith']);
      // Digits match the normalized phone, whatever separators the caller types.
      expect(names(await search(t, role, { search: '1234-5678' }))).toEqual(['王秀英']);
      expect(names(await search(t, role, { search: '0000111' }))).toEqual(['李四']);
      expect(names(await search(t, role, { search: '5555' }))).toEqual(['John Smith']);
      expect(names(await search(t, role, { search: 'M-1001' }))).toEqual(['王秀英']);
      expect(names(await search(t, role, { search: 'en-77' }))).toEqual(['John Smith']);
    }
    expect(names(await search(t, Role.AGENT, { search: 'nobody' }))).toEqual([]);
    // LIKE wildcards in the search text are literal.
    expect(names(await search(t, Role.AGENT, { search: '%' }))).toEqual([]);
    expect(names(await search(t, Role.AGENT, { search: '_' }))).toEqual([]);
    expect(names(await search(t, Role.AGENT, { tier: 'GOLD' }))).toEqual(['王秀英']);
    const everyone = await search(t, Role.AGENT, {});
    expect(everyone.edges.map((edge) => edge.node.id).sort()).toEqual(
      [wang.id, wangFang.id, li.id, john.id].sort(),
    );
  });

  it('HR sees phone and e-mail masked and cannot find customers by contact data', async () => {
    const { t, wang } = await directory();
    const read = await api.gql<{ customer: Customer }>(GET, { id: wang.id }, await t.token(Role.HR));
    expect(read.data?.customer).toMatchObject({
      name: '王秀英',
      phone: '138****5678',
      email: 'w***@example.com',
      memberNumber: 'M-1001',
      address: '海港路 1 号 2 单元',
      contactVisibility: 'MASKED',
    });
    const listed = await search(t, Role.HR, { search: '王' });
    expect(
      listed.edges.map((edge) => [edge.node.name, edge.node.phone, edge.node.contactVisibility]),
    ).toEqual([
      ['王秀英', '138****5678', 'MASKED'],
      ['王芳', '+86*******4321', 'MASKED'],
    ]);
    // Searching by the digits HR cannot see must not confirm them.
    expect(names(await search(t, Role.HR, { search: '13812345678' }))).toEqual([]);
    expect(names(await search(t, Role.HR, { search: '1234' }))).toEqual([]);
    expect(names(await search(t, Role.HR, { search: 'M-1001' }))).toEqual([]);
    expect(names(await search(t, Role.HR, { search: '秀英' }))).toEqual(['王秀英']);
  });

  it('field staff see name and location only', async () => {
    const { t, wang } = await directory();
    const token = await t.token(Role.FIELD_STAFF);
    const read = await api.gql<{ customer: Customer }>(GET, { id: wang.id }, token);
    expect(read.data?.customer).toMatchObject({
      name: '王秀英',
      address: '海港路 1 号 2 单元',
      phone: null,
      email: null,
      memberNumber: null,
      contactVisibility: 'HIDDEN',
    });
    const listed = await search(t, Role.FIELD_STAFF, {});
    expect(listed.edges.length).toBe(4);
    expect(
      listed.edges.every(
        (edge) => edge.node.phone === null && edge.node.email === null && edge.node.memberNumber === null,
      ),
    ).toBe(true);
    expect(names(await search(t, Role.FIELD_STAFF, { search: '5678' }))).toEqual([]);
    expect(names(await search(t, Role.FIELD_STAFF, { search: 'M-1001' }))).toEqual([]);
    // Field staff may not register or change customers, nor reveal contact data.
    expect(errorCode(await api.gql(CREATE, { input: { name: 'Nope' } }, token))).toBe('FORBIDDEN');
    expect(errorCode(await api.gql(UPDATE, { input: { id: wang.id, name: 'Nope' } }, token))).toBe(
      'FORBIDDEN',
    );
    expect(
      errorCode(await api.gql(REVEAL, { input: { customerId: wang.id, reason: 'Curious about it' } }, token)),
    ).toBe('FORBIDDEN');
  });

  it('HR reveals full contact data, and every reveal is written to the event log', async () => {
    const { t, wang } = await directory();
    const reveal = await api.gql(
      REVEAL,
      { input: { customerId: wang.id, reason: 'Callback about complaint investigation' } },
      await t.token(Role.HR),
    );
    expect(reveal.errors).toBeUndefined();
    expect(reveal.data?.revealCustomerContact).toEqual({
      customerId: wang.id,
      phone: '13812345678',
      email: 'wang.xiuying@example.com',
    });

    const events = await asOwner(t.tenantId, async (client) => {
      const { rows } = await client.query(
        `SELECT entity_kind, entity_id, actor_id, data FROM tenant_events WHERE tenant_id = $1 AND type = 'customer.contact_revealed'`,
        [t.tenantId],
      );
      return rows;
    });
    expect(events).toEqual([
      {
        entity_kind: 'customer',
        entity_id: wang.id,
        actor_id: t.users.HR.id,
        data: { reason: 'Callback about complaint investigation' },
      },
    ]);
    // The audit entry itself holds no contact data.
    expect(JSON.stringify(events)).not.toContain('13812345678');

    // Only HR reveals; a too-short reason is refused without an audit entry.
    expect(
      errorCode(
        await api.gql(
          REVEAL,
          { input: { customerId: wang.id, reason: 'Because I can' } },
          await t.token(Role.OWNER),
        ),
      ),
    ).toBe('FORBIDDEN');
    expect(
      errorCode(
        await api.gql(REVEAL, { input: { customerId: wang.id, reason: 'x' } }, await t.token(Role.HR)),
      ),
    ).toBe('BAD_USER_INPUT');
    const count = await asOwner(t.tenantId, async (client) => {
      const { rows } = await client.query(
        `SELECT count(*)::int AS n FROM tenant_events WHERE tenant_id = $1 AND type = 'customer.contact_revealed'`,
        [t.tenantId],
      );
      return rows[0].n as number;
    });
    expect(count).toBe(1);
  });

  it('walks 25 customers in pages of 10 without duplicates or gaps', async () => {
    const t = await api.tenant();
    const created: Customer[] = [];
    for (let i = 0; i < 25; i++) {
      // Some names repeat so the (name, id) cursor has ties to break.
      created.push(await create(t, { name: `Customer ${String(i % 20).padStart(2, '0')}` }));
    }
    const seen: Customer[] = [];
    const pageSizes: number[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const page: Page = await search(t, Role.AGENT, { first: 10, after });
      pageSizes.push(page.edges.length);
      seen.push(...page.edges.map((edge) => edge.node));
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pageSizes).toEqual([10, 10, 5]);
    expect(new Set(seen.map((customer) => customer.id)).size).toBe(25);
    expect(seen.map((customer) => customer.id).sort()).toEqual(created.map((customer) => customer.id).sort());
    const keys = seen.map((customer) => `${customer.name}|${customer.id}`);
    expect(keys).toEqual([...keys].sort());

    expect(errorCode(await api.gql(SEARCH, { first: 101 }, await t.token(Role.AGENT)))).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      errorCode(await api.gql(SEARCH, { first: 10, after: 'not-a-cursor' }, await t.token(Role.AGENT))),
    ).toBe('BAD_USER_INPUT');
  });

  it('an idempotency key returns the same customer on retry and creates one row', async () => {
    const t = await api.tenant();
    const input = { name: 'Retry Li', phone: '13811112222', idempotencyKey: 'intake-42' };
    const first = await create(t, input);
    const second = await create(t, input);
    const fromAnotherRole = await create(t, { ...input, name: 'Retry Li again' }, Role.SUPERVISOR);
    expect(second).toEqual(first);
    expect(fromAnotherRole.id).toBe(first.id);
    expect(await customerRows(t.tenantId)).toBe(1);
    const other = await create(t, { ...input, idempotencyKey: 'intake-43' });
    expect(other.id).not.toBe(first.id);
    expect(await customerRows(t.tenantId)).toBe(2);
  });

  it('a duplicate member number is a CONFLICT, on create and on update', async () => {
    const t = await api.tenant();
    await create(t, { name: 'First member', memberNumber: 'DUP-1' });
    const second = await api.gql(
      CREATE,
      { input: { name: 'Second member', memberNumber: 'DUP-1' } },
      await t.token(Role.AGENT),
    );
    expect(errorCode(second)).toBe('CONFLICT');
    expect(await customerRows(t.tenantId)).toBe(1);
    const other = await create(t, { name: 'Other member', memberNumber: 'DUP-2' });
    const update = await api.gql(
      UPDATE,
      { input: { id: other.id, memberNumber: 'DUP-1' } },
      await t.token(Role.AGENT),
    );
    expect(errorCode(update)).toBe('CONFLICT');
    const unchanged = await api.gql<{ customer: Customer }>(GET, { id: other.id }, await t.token(Role.AGENT));
    expect(unchanged.data?.customer.memberNumber).toBe('DUP-2');
    // Member numbers are unique per tenant, not platform-wide.
    const elsewhere = await api.tenant();
    expect(
      (await create(elsewhere, { name: 'Same number elsewhere', memberNumber: 'DUP-1' })).memberNumber,
    ).toBe('DUP-1');
  });

  it('updates change only the given fields, null clears, and unknown ids are NOT_FOUND', async () => {
    const { t, wang } = await directory();
    const token = await t.token(Role.SUPERVISOR);
    const updated = await api.gql<{ updateCustomer: Customer }>(
      UPDATE,
      { input: { id: wang.id, tier: 'PREMIUM', email: null, phone: '139 0000 1111' } },
      token,
    );
    expect(updated.errors).toBeUndefined();
    expect(updated.data?.updateCustomer).toEqual({
      ...wang,
      tier: 'PREMIUM',
      email: null,
      phone: '13900001111',
    });
    const missing = await api.gql(
      UPDATE,
      { input: { id: '01900000-0000-7000-8000-000000000000', name: 'Ghost' } },
      token,
    );
    expect(errorCode(missing)).toBe('NOT_FOUND');
  });

  it('writes customer.created and customer.updated events with gap-free sequence numbers', async () => {
    const t = await api.tenant();
    const token = await t.token(Role.AGENT);
    const start = await api.gql<{ events: { latestSeq: number } }>(EVENTS, { since: 0 }, token);
    const since = start.data!.events.latestSeq;

    const a = await create(t, { name: 'Event A', tier: 'SILVER' });
    const b = await create(t, { name: 'Event B' });
    await api.gql(UPDATE, { input: { id: a.id, name: 'Event A2', consentToContact: true } }, token);
    // An update that changes nothing writes no event.
    await api.gql(UPDATE, { input: { id: b.id } }, token);

    const result = await api.gql<{
      events: {
        latestSeq: number;
        edges: Array<{
          node: {
            seq: number;
            type: string;
            entity: { kind: string; id: string };
            actorId: string;
            data: unknown;
          };
        }>;
      };
    }>(EVENTS, { since }, token);
    expect(result.errors).toBeUndefined();
    const events = result.data!.events.edges.map((edge) => edge.node);
    expect(events.map((event) => event.seq)).toEqual([since + 1, since + 2, since + 3]);
    expect(result.data!.events.latestSeq).toBe(since + 3);
    expect(events.map((event) => [event.type, event.entity.kind, event.entity.id, event.actorId])).toEqual([
      ['customer.created', 'customer', a.id, t.users.AGENT.id],
      ['customer.created', 'customer', b.id, t.users.AGENT.id],
      ['customer.updated', 'customer', a.id, t.users.AGENT.id],
    ]);
    expect(events[0].data).toEqual({ tier: 'SILVER' });
    expect(events[2].data).toEqual({ fields: ['consentToContact', 'name'] });
    // Reading from the middle returns just the rest.
    const rest = await api.gql<{ events: { edges: Array<{ node: { seq: number } }> } }>(
      EVENTS,
      { since: since + 2 },
      token,
    );
    expect(rest.data?.events.edges.map((edge) => edge.node.seq)).toEqual([since + 3]);
    // And the Relay cursor continues where a page ended.
    const PAGE =
      'query($since: Int!, $after: String) { events(since: $since, first: 2, after: $after) { edges { node { seq } } pageInfo { hasNextPage endCursor } } }';
    type EventPage = {
      events: {
        edges: Array<{ node: { seq: number } }>;
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const firstPage = await api.gql<EventPage>(PAGE, { since }, token);
    expect(firstPage.data?.events.edges.map((edge) => edge.node.seq)).toEqual([since + 1, since + 2]);
    expect(firstPage.data?.events.pageInfo.hasNextPage).toBe(true);
    const secondPage = await api.gql<EventPage>(
      PAGE,
      { since, after: firstPage.data?.events.pageInfo.endCursor },
      token,
    );
    expect(secondPage.data?.events.edges.map((edge) => edge.node.seq)).toEqual([since + 3]);
    expect(secondPage.data?.events.pageInfo.hasNextPage).toBe(false);
  });
});
