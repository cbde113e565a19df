import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ALL_ROLES, newId, Role } from '@service-desk/core';
import { appUrl } from '@service-desk/db';
import { asOwner, errorCode, graphql, type GraphqlResult } from '@service-desk/testing';
import pg from 'pg';
import { type ApiHarness, startApi } from '../support/api.js';
import { FEATURE_ISOLATION } from './isolation/index.js';
import type { IdOperation, Tenant, Victim } from './isolation/types.js';

/** The tables Row-Level Security must cover (issue 2); later modules add more, which the enumeration picks up. */
const TENANT_TABLES = [
  ...FEATURE_ISOLATION.flatMap((feature) => feature.tenantTables ?? []),
  'users',
  'refresh_tokens',
  'customers',
  'tenant_events',
  'tenant_event_counters',
  'tenants',
  'complaints',
  'complaint_notes',
  'complaint_proposals',
  'revisit_tasks',
];

const CREATE_CUSTOMER = 'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }';

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

/** A work order action of tenant B aimed at tenant A's work order. */
const workOrderAction = (
  name: string,
  inputType: string,
  role: Role,
  input: (id: string, attacker: Tenant) => Record<string, unknown> = (id) => ({ workOrderId: id }),
): IdOperation => ({
  name,
  role,
  table: 'work_orders',
  target: (victim) => victim.workOrderId,
  query: `mutation($input: ${inputType}!) { ${name}(input: $input) { id state } }`,
  variables: (id, attacker) => ({ input: input(id, attacker) }),
});

/** A complaint action of tenant B's front desk aimed at tenant A's complaint. */
const complaintAction = (
  name: string,
  inputType: string,
  input: Record<string, unknown> = {},
  role = Role.AGENT,
): IdOperation => ({
  name,
  role,
  table: 'complaints',
  target: (victim) => victim.complaintId,
  query: `mutation($input: ${inputType}!) { ${name}(input: $input) { id state } }`,
  variables: (id) => ({ input: { complaintId: id, ...input } }),
});

/**
 * Every operation that takes an id, called by tenant B with tenant A's id. The schema check below
 * fails when an operation that takes an id is missing here.
 */
const CORE_OPERATIONS: IdOperation[] = [
  {
    name: 'customer',
    role: Role.OWNER,
    table: 'customers',
    target: (victim) => victim.customerId,
    query: 'query($id: ID!) { customer(id: $id) { id name phone } }',
    variables: (id) => ({ id }),
  },
  {
    name: 'updateCustomer',
    role: Role.OWNER,
    table: 'customers',
    target: (victim) => victim.customerId,
    query: 'mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { id name } }',
    variables: (id) => ({ input: { id, name: 'Hijacked', phone: '13900000000', memberNumber: 'STOLEN-1' } }),
  },
  {
    name: 'revealCustomerContact',
    role: Role.HR,
    table: 'customers',
    target: (victim) => victim.customerId,
    query:
      'mutation($input: RevealCustomerContactInput!) { revealCustomerContact(input: $input) { customerId phone email } }',
    variables: (id) => ({ input: { customerId: id, reason: 'Cross-tenant probe' } }),
  },
  {
    name: 'user',
    role: Role.OWNER,
    table: 'users',
    target: (victim) => victim.userId,
    query: 'query($id: ID!) { user(id: $id) { id email } }',
    variables: (id) => ({ id }),
  },
  {
    name: 'updateUser',
    role: Role.OWNER,
    table: 'users',
    target: (victim) => victim.userId,
    query: 'mutation($input: UpdateUserInput!) { updateUser(input: $input) { id role } }',
    variables: (id) => ({ input: { id, displayName: 'Hijacked', role: 'OWNER' } }),
  },
  {
    name: 'deactivateUser',
    role: Role.OWNER,
    table: 'users',
    target: (victim) => victim.userId,
    query: 'mutation($input: UserIdInput!) { deactivateUser(input: $input) { id active } }',
    variables: (id) => ({ input: { id } }),
  },
  {
    name: 'reactivateUser',
    role: Role.OWNER,
    table: 'users',
    target: (victim) => victim.userId,
    query: 'mutation($input: UserIdInput!) { reactivateUser(input: $input) { id active } }',
    variables: (id) => ({ input: { id } }),
  },
  {
    name: 'complaint',
    role: Role.AGENT,
    table: 'complaints',
    target: (victim) => victim.complaintId,
    query: 'query($id: ID!) { complaint(id: $id) { id title } }',
    variables: (id) => ({ id }),
  },
  {
    name: 'complaintRecord',
    role: Role.AGENT,
    table: 'complaints',
    target: (victim) => victim.complaintId,
    query: 'query($id: ID!) { complaintRecord(id: $id) { csv } }',
    variables: (id) => ({ id }),
  },
  {
    name: 'submitComplaint',
    role: Role.AGENT,
    table: 'customers',
    target: (victim) => victim.customerId,
    query: 'mutation($input: SubmitComplaintInput!) { submitComplaint(input: $input) { id } }',
    variables: (id) => ({
      input: { customerId: id, channel: 'PHONE', category: 'OTHER', title: 'Probe', description: 'Probe' },
    }),
  },
  {
    name: 'complaints',
    role: Role.AGENT,
    table: 'customers',
    target: (victim) => victim.customerId,
    query: 'query($id: ID) { complaints(first: 10, customerId: $id) { edges { node { id } } } }',
    variables: (id) => ({ id }),
    emptyList: true,
  },
  complaintAction('acknowledgeComplaint', 'AcknowledgeComplaintInput', { promisedReplyAt: inAnHour() }),
  complaintAction('assessComplaint', 'AssessComplaintInput', { severity: 'LOW' }),
  complaintAction('startInvestigation', 'ComplaintIdInput'),
  complaintAction('requestCustomerInfo', 'RequestCustomerInfoInput', { question: 'Probe?' }),
  complaintAction('recordCustomerReply', 'RecordCustomerReplyInput', { reply: 'Probe' }),
  complaintAction('escalateComplaint', 'EscalateComplaintInput', {
    reason: 'Probe',
    agreedReplyAt: inAnHour(),
  }),
  complaintAction('proposeResolution', 'ProposeResolutionInput', {
    options: [{ remedy: 'APOLOGY', amount: 0, description: 'Probe' }],
  }),
  complaintAction('recordCustomerDecision', 'RecordCustomerDecisionInput', { accepted: false }),
  complaintAction('resolveComplaint', 'ResolveComplaintInput', { summary: 'Probe' }),
  complaintAction('closeComplaint', 'CloseComplaintInput', { force: true, reason: 'Probe' }, Role.OWNER),
  complaintAction('reopenComplaint', 'ReopenComplaintInput', { reason: 'Probe' }),
  complaintAction(
    'evaluateComplaint',
    'EvaluateComplaintInput',
    { rootCause: 'x', preventiveAction: 'y', addToCaseLibrary: true },
    Role.SUPERVISOR,
  ),
  complaintAction('addComplaintNote', 'AddComplaintNoteInput', { body: 'Probe', visibility: 'PUBLIC' }),
  workOrderAction('assignWorkOrder', 'AssignWorkOrderInput', Role.AGENT, (id, b) => ({
    workOrderId: id,
    assigneeId: b.users.FIELD_STAFF.id,
  })),
  workOrderAction('acceptWorkOrder', 'WorkOrderIdInput', Role.FIELD_STAFF),
  workOrderAction('declineWorkOrder', 'DeclineWorkOrderInput', Role.FIELD_STAFF, (id) => ({
    workOrderId: id,
    reason: 'Probe',
  })),
  workOrderAction('startWorkOrder', 'WorkOrderIdInput', Role.FIELD_STAFF),
  workOrderAction('completeWorkOrder', 'CompleteWorkOrderInput', Role.FIELD_STAFF, (id) => ({
    workOrderId: id,
    report: 'Probe',
  })),
  workOrderAction('closeWorkOrder', 'WorkOrderIdInput', Role.AGENT),
  workOrderAction('cancelWorkOrder', 'CancelWorkOrderInput', Role.AGENT, (id) => ({
    workOrderId: id,
    reason: 'Probe',
  })),
  {
    name: 'workOrder',
    role: Role.AGENT,
    table: 'work_orders',
    target: (victim) => victim.workOrderId,
    query: 'query($id: ID!) { workOrder(id: $id) { id location } }',
    variables: (id) => ({ id }),
  },
  {
    name: 'workOrders',
    role: Role.AGENT,
    table: 'zones',
    target: (victim) => victim.zoneId,
    query: 'query($id: ID) { workOrders(first: 10, zoneId: $id) { edges { node { id } } } }',
    variables: (id) => ({ id }),
    emptyList: true,
  },
  {
    name: 'createWorkOrder',
    role: Role.AGENT,
    table: 'zones',
    target: (victim) => victim.zoneId,
    query: 'mutation($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { id } }',
    variables: (id) => ({
      input: { source: 'CALL', zoneId: id, location: 'Probe', priority: 'P3', description: 'Probe' },
    }),
  },
  {
    name: 'createZone',
    role: Role.SUPERVISOR,
    table: 'users',
    target: (victim) => victim.userId,
    query: 'mutation($input: CreateZoneInput!) { createZone(input: $input) { id } }',
    variables: (id) => ({ input: { name: `Probe ${id}`, responsibleId: id } }),
  },
  {
    name: 'updateZone',
    role: Role.SUPERVISOR,
    table: 'zones',
    target: (victim) => victim.zoneId,
    query: 'mutation($input: UpdateZoneInput!) { updateZone(input: $input) { id name } }',
    variables: (id) => ({ input: { zoneId: id, name: 'Hijacked', active: false } }),
  },
  {
    name: 'setRoster',
    role: Role.SUPERVISOR,
    table: 'users',
    target: (victim) => victim.userId,
    query: 'mutation($input: SetRosterInput!) { setRoster(input: $input) { id } }',
    variables: (id) => ({ input: { userId: id, date: '2025-06-02', shiftId: newId() } }),
  },
  {
    name: 'removeRosterEntry',
    role: Role.SUPERVISOR,
    table: 'roster_entries',
    target: (victim) => victim.rosterEntryId,
    query: 'mutation($input: RemoveRosterEntryInput!) { removeRosterEntry(input: $input) { id } }',
    variables: (id) => ({ input: { entryId: id } }),
  },
  {
    name: 'generateRoster',
    role: Role.SUPERVISOR,
    table: 'users',
    target: (victim) => victim.userId,
    query: 'mutation($input: GenerateRosterInput!) { generateRoster(input: $input) { changed } }',
    variables: (id) => ({ input: { weekStart: '2025-06-02', userIds: [id], shiftIds: [newId()] } }),
  },
  {
    name: 'roster',
    role: Role.AGENT,
    table: 'zones',
    target: (victim) => victim.zoneId,
    query:
      'query($id: ID) { roster(from: "2025-06-01", to: "2025-06-30", zoneId: $id) { edges { node { id } } } }',
    variables: (id) => ({ id }),
  },
  {
    name: 'onShiftNow',
    role: Role.AGENT,
    table: 'zones',
    target: (victim) => victim.zoneId,
    query: 'query($id: ID) { onShiftNow(zoneId: $id) { id } }',
    variables: (id) => ({ id }),
  },
];

const ID_OPERATIONS: IdOperation[] = [
  ...CORE_OPERATIONS,
  ...FEATURE_ISOLATION.flatMap((feature) => feature.operations),
];

const takesId = (name: string) => name === 'id' || /Id$/.test(name);

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface InputValue {
  name: string;
  type: TypeRef;
}
interface IntrospectedType {
  kind: string;
  name: string;
  fields: Array<{ name: string; args: InputValue[] }> | null;
  inputFields: InputValue[] | null;
}

const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name } } }';
// One type per request: the standard introspection query nests deeper than the API's depth limit.
const TYPE_QUERY = `query($name: String!) { __type(name: $name) { kind name fields { name args { name type { ${TYPE_REF} } } } inputFields { name type { ${TYPE_REF} } } } }`;

const namedType = (type: TypeRef): string | null => (type.ofType ? namedType(type.ofType) : type.name);

/** Reads the live schema through the API's introspection (available outside production). */
function introspection(url: string) {
  const cache = new Map<string, Promise<IntrospectedType>>();
  const type = (name: string): Promise<IntrospectedType> => {
    if (!cache.has(name)) {
      cache.set(
        name,
        graphql<{ __type: IntrospectedType }>(url, TYPE_QUERY, { name }).then((result) => {
          if (!result.data?.__type)
            throw new Error(`introspection of ${name} failed: ${JSON.stringify(result.errors)}`);
          return result.data.__type;
        }),
      );
    }
    return cache.get(name)!;
  };
  const roots = async (): Promise<string[]> => {
    const result = await graphql<{ __schema: Record<string, { name: string } | null> }>(
      url,
      '{ __schema { queryType { name } mutationType { name } subscriptionType { name } } }',
    );
    if (!result.data) throw new Error(`introspection failed: ${JSON.stringify(result.errors)}`);
    return Object.values(result.data.__schema).flatMap((root) => (root ? [root.name] : []));
  };
  return { type, roots };
}

/** Whether a value of this type carries an id: an id-named field of an input object, at any depth. */
async function inputTakesId(
  type: TypeRef,
  read: (name: string) => Promise<IntrospectedType>,
  seen: Set<string>,
): Promise<boolean> {
  const name = namedType(type);
  if (!name || seen.has(name)) return false;
  seen.add(name);
  const introspected = await read(name);
  if (introspected.kind !== 'INPUT_OBJECT') return false;
  for (const field of introspected.inputFields ?? []) {
    if (takesId(field.name) || (await inputTakesId(field.type, read, seen))) return true;
  }
  return false;
}

/** The row as the owner role sees it, to prove an attack changed nothing. */
const snapshot = (tenantId: string, table: string, id: string) =>
  asOwner(tenantId, async (client) => {
    const { rows } = await client.query(
      `SELECT to_jsonb(t) AS row FROM ${table} t WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return rows[0]?.row as Record<string, unknown> | undefined;
  });

const eventCount = (tenantId: string) =>
  asOwner(tenantId, async (client) => {
    const { rows } = await client.query('SELECT count(*)::int AS n FROM tenant_events WHERE tenant_id = $1', [
      tenantId,
    ]);
    return rows[0].n as number;
  });

/** A connection as the application role, which Row-Level Security binds. */
async function asApp<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: appUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The SQLSTATE of a statement that must fail (undefined when it succeeded). */
async function sqlState(client: pg.Client, sql: string, params: unknown[] = []): Promise<string | undefined> {
  try {
    await client.query(sql, params);
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe('tenant isolation', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  async function victim(): Promise<Victim> {
    const tenant = await api.tenant();
    const created = await api.gql<{ createCustomer: { id: string } }>(
      CREATE_CUSTOMER,
      {
        input: {
          name: '王秀英',
          phone: '13812345678',
          email: 'wang@example.com',
          memberNumber: 'VIP-0001',
          address: 'Harbor Rd 1',
        },
      },
      await tenant.token(Role.AGENT),
    );
    const customerId = created.data?.createCustomer.id;
    if (!customerId) throw new Error(`createCustomer failed: ${JSON.stringify(created.errors)}`);
    const complaint = await api.gql<{ submitComplaint: { id: string } }>(
      'mutation($input: SubmitComplaintInput!) { submitComplaint(input: $input) { id } }',
      {
        input: {
          customerId,
          channel: 'WALK_IN',
          category: 'PRODUCT_QUALITY',
          title: '酸奶问题',
          description: '酸奶变质',
        },
      },
      await tenant.token(Role.AGENT),
    );
    const complaintId = complaint.data?.submitComplaint.id;
    if (!complaintId) throw new Error(`submitComplaint failed: ${JSON.stringify(complaint.errors)}`);
    const supervisor = await tenant.token(Role.SUPERVISOR);
    const zone = await api.gql<{ createZone: { id: string } }>(
      'mutation($input: CreateZoneInput!) { createZone(input: $input) { id } }',
      { input: { name: 'Building A' } },
      supervisor,
    );
    const shift = await api.gql<{ createShift: { id: string } }>(
      'mutation($input: CreateShiftInput!) { createShift(input: $input) { id } }',
      { input: { name: 'FIELD-DAY', team: 'FIELD', start: '08:30', end: '17:30' } },
      supervisor,
    );
    const entry = await api.gql<{ setRoster: { id: string } }>(
      'mutation($input: SetRosterInput!) { setRoster(input: $input) { id } }',
      {
        input: {
          userId: tenant.users.FIELD_STAFF.id,
          date: '2025-06-02',
          shiftId: shift.data?.createShift.id,
          zoneId: zone.data?.createZone.id,
        },
      },
      supervisor,
    );
    const rosterEntryId = entry.data?.setRoster.id;
    if (!rosterEntryId) throw new Error(`setRoster failed: ${JSON.stringify([zone, shift, entry])}`);
    const order = await api.gql<{ createWorkOrder: { id: string } }>(
      'mutation($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { id } }',
      {
        input: {
          source: 'COMPLAINT',
          complaintId,
          zoneId: zone.data?.createZone.id,
          location: 'A-1-101',
          priority: 'P2',
          description: 'Check the fridge',
          assigneeId: tenant.users.FIELD_STAFF.id,
        },
      },
      await tenant.token(Role.AGENT),
    );
    const workOrderId = order.data?.createWorkOrder.id;
    if (!workOrderId) throw new Error(`createWorkOrder failed: ${JSON.stringify(order.errors)}`);
    const victim: Victim = {
      tenant,
      customerId,
      userId: tenant.users.AGENT.id,
      complaintId,
      zoneId: zone.data!.createZone.id,
      rosterEntryId,
      workOrderId,
      more: {},
    };
    for (const feature of FEATURE_ISOLATION) {
      if (feature.prepare) Object.assign(victim.more, await feature.prepare(api, victim));
    }
    return victim;
  }

  describe("another tenant's id answers NOT_FOUND and changes nothing", () => {
    let a: Victim;
    let b: Tenant;
    beforeAll(async () => {
      a = await victim();
      b = await api.tenant();
    });

    it.each(ID_OPERATIONS.map((operation) => [operation.name, operation] as const))(
      '%s',
      async (_name, operation) => {
        const id = operation.target(a);
        const before = await snapshot(a.tenant.tenantId, operation.table, id);
        const eventsBefore = await eventCount(a.tenant.tenantId);
        expect(before).toBeDefined();

        const token = await b.token(operation.role);
        const attack = await api.gql(operation.query, operation.variables(id, b), token);
        if (operation.emptyList) {
          expect(attack.errors).toBeUndefined();
          expect(attack.data?.[operation.name].edges).toEqual([]);
          expect(await snapshot(a.tenant.tenantId, operation.table, id)).toEqual(before);
          return;
        }
        expect(errorCode(attack)).toBe('NOT_FOUND');
        expect(attack.data?.[operation.name] ?? null).toBeNull();

        // Exactly like an id that exists nowhere: the answer does not tell "exists elsewhere" apart.
        const missing = await api.gql(operation.query, operation.variables(newId(), b), token);
        expect(errorCode(missing)).toBe('NOT_FOUND');
        expect(attack.errors?.[0]?.message).toBe(missing.errors?.[0]?.message);

        expect(await snapshot(a.tenant.tenantId, operation.table, id)).toEqual(before);
        expect(await eventCount(a.tenant.tenantId)).toBe(eventsBefore);
      },
    );

    it('tenant A still reads its own customer and user unchanged through the API', async () => {
      const owner = await a.tenant.token(Role.OWNER);
      const customer = await api.gql(
        'query($id: ID!) { customer(id: $id) { id name phone memberNumber } }',
        { id: a.customerId },
        owner,
      );
      expect(customer.data?.customer).toEqual({
        id: a.customerId,
        name: '王秀英',
        phone: '13812345678',
        memberNumber: 'VIP-0001',
      });
      const user = await api.gql(
        'query($id: ID!) { user(id: $id) { id role active displayName } }',
        { id: a.userId },
        owner,
      );
      expect(user.data?.user).toEqual({
        id: a.userId,
        role: 'AGENT',
        active: true,
        displayName: expect.not.stringContaining('Hijacked'),
      });
    });
  });

  describe('every role of another tenant, and ids that exist nowhere (BOLA sweep)', () => {
    let a: Victim;
    let b: Tenant;
    beforeAll(async () => {
      a = await victim();
      b = await api.tenant();
    });

    it('no role of tenant B gets data from, or changes, a row of tenant A; random ids answer the same', async () => {
      const outcomes: Array<[string, string, string, string]> = [];
      const eventsBefore = await eventCount(a.tenant.tenantId);
      for (const operation of ID_OPERATIONS) {
        const foreign = operation.target(a);
        const before = await snapshot(a.tenant.tenantId, operation.table, foreign);
        for (const role of ALL_ROLES) {
          const token = await b.token(role);
          for (const [label, id] of [
            ['foreign', foreign],
            ['random', newId()],
          ] as const) {
            const result = await api.gql(operation.query, operation.variables(id, b), token);
            const code = errorCode(result);
            const empty =
              operation.emptyList && !result.errors && result.data?.[operation.name]?.edges?.length === 0;
            const refused = (code === 'NOT_FOUND' || code === 'FORBIDDEN') && !result.data?.[operation.name];
            outcomes.push([
              operation.name,
              role,
              label,
              empty || refused ? 'ok' : `${code}: ${JSON.stringify(result.data)}`,
            ]);
          }
        }
        expect([operation.name, await snapshot(a.tenant.tenantId, operation.table, foreign)]).toEqual([
          operation.name,
          before,
        ]);
      }
      expect(outcomes.filter(([, , , outcome]) => outcome !== 'ok')).toEqual([]);
      expect(outcomes.length).toBe(ID_OPERATIONS.length * ALL_ROLES.length * 2);
      expect(await eventCount(a.tenant.tenantId)).toBe(eventsBefore);
    });
  });

  it('the table covers every operation of the schema that takes an id', async () => {
    const { type, roots } = introspection(api.url);
    const withIds: string[] = [];
    for (const root of await roots()) {
      for (const field of (await type(root)).fields ?? []) {
        for (const arg of field.args) {
          if (takesId(arg.name) || (await inputTakesId(arg.type, type, new Set()))) {
            withIds.push(field.name);
            break;
          }
        }
      }
    }
    // Sanity: the detection itself finds the operations known to take ids.
    expect(withIds).toEqual(
      expect.arrayContaining([
        'customer',
        'user',
        'updateCustomer',
        'revealCustomerContact',
        'deactivateUser',
      ]),
    );
    const covered = new Set(ID_OPERATIONS.map((operation) => operation.name));
    expect(withIds.filter((name) => !covered.has(name)).sort()).toEqual([]);
    // And the table names no operation that is gone.
    expect([...covered].filter((name) => !withIds.includes(name))).toEqual([]);
  });

  describe('lists never show another tenant', () => {
    it('customers, users and events of tenant B contain no row of tenant A', async () => {
      const a = await victim();
      const b = await api.tenant();
      const bOwner = await b.token(Role.OWNER);
      const own = await api.gql<{ createCustomer: { id: string } }>(
        CREATE_CUSTOMER,
        { input: { name: '王小明 of B' } },
        bOwner,
      );
      const ownId = own.data?.createCustomer.id;
      expect(ownId).toBeDefined();

      const nodeIds = (result: GraphqlResult, field: string): string[] =>
        (result.data?.[field]?.edges ?? []).map((edge: { node: { id: string } }) => edge.node.id);

      // Searching for A's exact name, phone and member number finds only B's own rows.
      for (const search of [undefined, '王', '王秀英', '13812345678', 'VIP-0001']) {
        const customers = await api.gql(
          'query($search: String) { customers(first: 100, search: $search) { edges { node { id } } } }',
          { search },
          bOwner,
        );
        expect(customers.errors).toBeUndefined();
        expect(nodeIds(customers, 'customers')).not.toContain(a.customerId);
      }
      const all = await api.gql('{ customers(first: 100) { edges { node { id } } } }', {}, bOwner);
      expect(nodeIds(all, 'customers')).toEqual([ownId]);

      const users = await api.gql('{ users(first: 100) { edges { node { id tenantId } } } }', {}, bOwner);
      const userNodes: Array<{ id: string; tenantId: string }> = (users.data?.users.edges ?? []).map(
        (edge: { node: { id: string; tenantId: string } }) => edge.node,
      );
      expect(userNodes.length).toBe(5);
      expect(userNodes.every((user) => user.tenantId === b.tenantId)).toBe(true);
      expect(userNodes.map((user) => user.id)).not.toContain(a.userId);

      const events = await api.gql(
        '{ events(since: 0, first: 100) { latestSeq edges { node { seq type entity { kind id } } } } }',
        {},
        bOwner,
      );
      const eventNodes: Array<{ seq: number; entity: { id: string } }> = (
        events.data?.events.edges ?? []
      ).map((edge: { node: { seq: number; entity: { id: string } } }) => edge.node);
      expect(eventNodes.map((event) => event.entity.id)).toEqual([ownId]);
      expect(events.data?.events.latestSeq).toBe(1);
    });
  });

  describe('the database itself, as the application role', () => {
    it('sees zero rows in every tenant table when no tenant is set', async () => {
      const a = await victim();
      const rlsTables = await asApp(async (client) => {
        const { rows } = await client.query<{ relname: string; forced: boolean }>(
          `SELECT c.relname, c.relforcerowsecurity AS forced FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relrowsecurity ORDER BY c.relname`,
        );
        return rows;
      });
      expect(rlsTables.map((table) => table.relname)).toEqual(expect.arrayContaining(TENANT_TABLES));
      expect(rlsTables.filter((table) => !table.forced).map((table) => table.relname)).toEqual([]);

      // Every table that holds a tenant_id column must be under Row-Level Security.
      const withTenantColumn = await asApp(async (client) => {
        const { rows } = await client.query<{ table_name: string }>(
          `SELECT DISTINCT table_name FROM information_schema.columns c
           JOIN pg_class k ON k.relname = c.table_name AND k.relkind IN ('r', 'p')
           WHERE c.table_schema = 'public' AND c.column_name = 'tenant_id'`,
        );
        return rows.map((row) => row.table_name);
      });
      const covered = new Set(rlsTables.map((table) => table.relname));
      expect(withTenantColumn.filter((table) => !covered.has(table))).toEqual([]);

      const counts = await asApp(async (client) => {
        const result: Record<string, number | string> = {};
        for (const { relname } of rlsTables) {
          try {
            const { rows } = await client.query(`SELECT count(*)::int AS n FROM "${relname}"`);
            result[relname] = rows[0].n as number;
          } catch (error) {
            // No privilege at all also means nothing is visible.
            expect((error as { code?: string }).code).toBe('42501');
            result[relname] = 0;
          }
        }
        // An empty tenant setting is the same as none.
        await client.query('BEGIN');
        await client.query(`SELECT set_config('app.tenant_id', '', true)`);
        const { rows } = await client.query('SELECT count(*)::int AS n FROM customers');
        result['customers (empty tenant setting)'] = rows[0].n as number;
        await client.query('ROLLBACK');
        return result;
      });
      expect(Object.entries(counts).filter(([, n]) => n !== 0)).toEqual([]);

      // The same connection sees tenant A's rows once A is set: the zeros above are RLS, not an empty database.
      const scoped = await asApp(async (client) => {
        await client.query('BEGIN');
        await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [a.tenant.tenantId]);
        const customers = await client.query('SELECT id FROM customers');
        const users = await client.query('SELECT count(*)::int AS n FROM users');
        const tenants = await client.query('SELECT id FROM tenants');
        await client.query('ROLLBACK');
        return {
          customers: customers.rows.map((row) => row.id),
          users: users.rows[0].n,
          tenants: tenants.rows.map((row) => row.id),
        };
      });
      expect(scoped).toEqual({ customers: [a.customerId], users: 5, tenants: [a.tenant.tenantId] });
    });

    it('cannot disable or bypass Row-Level Security, take another role, or own tables', async () => {
      await asApp(async (client) => {
        const { rows } = await client.query<{
          rolname: string;
          rolsuper: boolean;
          rolbypassrls: boolean;
          owned: number;
          memberships: number;
        }>(
          `SELECT r.rolname, r.rolsuper, r.rolbypassrls,
                  (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid) AS owned,
                  (SELECT count(*)::int FROM pg_auth_members m WHERE m.member = r.oid) AS memberships
           FROM pg_roles r WHERE r.rolname = current_user`,
        );
        expect(rows).toEqual([
          { rolname: 'service_desk_app', rolsuper: false, rolbypassrls: false, owned: 0, memberships: 0 },
        ]);

        for (const table of TENANT_TABLES) {
          expect([table, await sqlState(client, `ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`)]).toEqual([
            table,
            '42501',
          ]);
          expect([table, await sqlState(client, `ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`)]).toEqual(
            [table, '42501'],
          );
          expect([table, await sqlState(client, `DROP POLICY tenant_isolation ON ${table}`)]).toEqual([
            table,
            '42501',
          ]);
        }
        expect(await sqlState(client, 'CREATE TABLE sneaky (id int)')).toBe('42501');

        const others = await client.query<{ rolname: string }>(
          'SELECT rolname FROM pg_roles WHERE rolname <> current_user ORDER BY rolname',
        );
        expect(others.rows.map((row) => row.rolname)).toContain('postgres');
        for (const { rolname } of others.rows) {
          const role = `"${rolname.replace(/"/g, '""')}"`;
          expect([rolname, await sqlState(client, `SET ROLE ${role}`)]).toEqual([rolname, '42501']);
          expect([rolname, await sqlState(client, `SET SESSION AUTHORIZATION ${role}`)]).toEqual([
            rolname,
            '42501',
          ]);
        }
        const still = await client.query<{ current_user: string; session_user: string }>(
          'SELECT current_user, session_user',
        );
        expect(still.rows[0]).toEqual({ current_user: 'service_desk_app', session_user: 'service_desk_app' });
      });
    });

    it('with tenant A set, cannot write a row into tenant B (WITH CHECK)', async () => {
      const a = await victim();
      const b = await api.tenant();
      await asApp(async (client) => {
        await client.query('BEGIN');
        await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [a.tenant.tenantId]);
        await client.query('SAVEPOINT probe');
        const insert = await sqlState(
          client,
          `INSERT INTO customers (tenant_id, id, name, tier, status) VALUES ($1, $2, 'Planted', 'STANDARD', 'ACTIVE')`,
          [b.tenantId, newId()],
        );
        expect(insert).toBe('42501');
        await client.query('ROLLBACK TO SAVEPOINT probe');
        // Moving one of A's rows into B is refused the same way.
        const move = await sqlState(client, 'UPDATE customers SET tenant_id = $1 WHERE id = $2', [
          b.tenantId,
          a.customerId,
        ]);
        expect(move).toBe('42501');
        await client.query('ROLLBACK TO SAVEPOINT probe');
        // B's rows are invisible to A's transaction, so an update aimed at them touches nothing.
        const hidden = await client.query(`UPDATE users SET display_name = 'Hijacked' WHERE tenant_id = $1`, [
          b.tenantId,
        ]);
        expect(hidden.rowCount).toBe(0);
        await client.query('ROLLBACK');
      });
      const planted = await asOwner(b.tenantId, async (client) => {
        const { rows } = await client.query(`SELECT count(*)::int AS n FROM customers WHERE tenant_id = $1`, [
          b.tenantId,
        ]);
        return rows[0].n as number;
      });
      expect(planted).toBe(0);
    });
  });

  describe('roles', () => {
    it('an HQ admin is FORBIDDEN from tenant operations', async () => {
      const t = await victim();
      const hq = await t.tenant.token(Role.HQ_ADMIN);
      expect(errorCode(await api.gql('{ customers(first: 10) { edges { node { id } } } }', {}, hq))).toBe(
        'FORBIDDEN',
      );
      expect(
        errorCode(await api.gql('query($id: ID!) { customer(id: $id) { id } }', { id: t.customerId }, hq)),
      ).toBe('FORBIDDEN');
      expect(errorCode(await api.gql(CREATE_CUSTOMER, { input: { name: 'From HQ' } }, hq))).toBe('FORBIDDEN');
      expect(errorCode(await api.gql('{ users(first: 10) { edges { node { id } } } }', {}, hq))).toBe(
        'FORBIDDEN',
      );
      expect(errorCode(await api.gql('{ events(since: 0) { latestSeq } }', {}, hq))).toBe('FORBIDDEN');
    });

    it('an AGENT is FORBIDDEN from createTenant and createUser, and nothing is created', async () => {
      const t = await api.tenant();
      const agent = await t.token(Role.AGENT);
      const slug = `agent-${Date.now().toString(36)}`;
      const tenant = await api.gql(
        'mutation($input: CreateTenantInput!) { createTenant(input: $input) { id } }',
        {
          input: {
            slug,
            name: 'Rogue store',
            owner: { email: `${slug}@example.com`, displayName: 'Rogue', password: 'rogue-pass-2026' },
          },
        },
        agent,
      );
      expect(errorCode(tenant)).toBe('FORBIDDEN');
      const email = `made-by-agent-${Date.now().toString(36)}@example.com`;
      const user = await api.gql(
        'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }',
        { input: { email, displayName: 'Made by agent', role: 'OWNER', password: 'agent-pass-2026' } },
        agent,
      );
      expect(errorCode(user)).toBe('FORBIDDEN');
      const created = await asOwner(t.tenantId, async (client) => {
        const users = await client.query(
          'SELECT count(*)::int AS n FROM users WHERE lower(email) = lower($1)',
          [email],
        );
        const tenants = await client.query('SELECT count(*)::int AS n FROM tenants WHERE slug = $1', [slug]);
        return { users: users.rows[0].n, tenants: tenants.rows[0].n };
      });
      expect(created).toEqual({ users: 0, tenants: 0 });
    });
  });
});
