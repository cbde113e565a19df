import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newId, Role } from '@service-desk/core';
import { asOwner, errorCode } from '@service-desk/testing';
import { type ApiHarness, startApi } from '../support/api.js';

/**
 * The outbound queue through the API: owner and supervisors list the store's customer messages and
 * retry a failed one; nobody else may; bad input is BAD_USER_INPUT and writes nothing.
 */
type Tenant = Awaited<ReturnType<ApiHarness['tenant']>>;

const LIST = `query($first: Int, $after: String, $status: MessageStatus, $complaintId: ID) {
  outboundMessages(first: $first, after: $after, status: $status, complaintId: $complaintId) {
    edges { node { id status skipReason attempts template channel recipient complaintId lastError } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const RETRY =
  'mutation($input: RetryMessageInput!) { retryMessage(input: $input) { id status attempts skipReason } }';

interface Seeded {
  status: string;
  skipReason?: string | null;
}

async function seed(tenant: Tenant, messages: Seeded[]): Promise<string[]> {
  const ids: string[] = [];
  await asOwner(tenant.tenantId, async (client) => {
    for (const message of messages) {
      const id = newId();
      ids.push(id);
      await client.query(
        `INSERT INTO outbound_messages (tenant_id, id, channel, template, recipient, subject, body, status, skip_reason, attempts,
           last_error, dedupe_key, created_at)
         VALUES ($1, $2, 'EMAIL', 'CUSTOM', 'c@example.com', '主题', '正文', $3, $4, $5, $6, $7, now() - make_interval(secs => $8))`,
        [
          tenant.tenantId,
          id,
          message.status,
          message.skipReason ?? null,
          message.status === 'FAILED' ? 5 : 0,
          message.status === 'FAILED' ? '451 busy' : null,
          `e2e:${id}`,
          100 - ids.length,
        ],
      );
    }
  });
  return ids;
}

const state = (tenant: Tenant) =>
  asOwner(tenant.tenantId, async (client) => {
    const { rows } = await client.query(
      `SELECT (SELECT json_agg(json_build_object('id', id, 'status', status, 'attempts', attempts) ORDER BY id)
                 FROM outbound_messages WHERE tenant_id = $1) AS messages,
              (SELECT count(*)::int FROM tenant_events WHERE tenant_id = $1) AS events`,
      [tenant.tenantId],
    );
    return rows[0];
  });

describe('outbound messages API', () => {
  let api: ApiHarness;
  let tenant: Tenant;
  let ids: string[];

  beforeAll(async () => {
    api = await startApi();
    tenant = await api.tenant();
    ids = await seed(tenant, [
      { status: 'SENT' },
      { status: 'FAILED' },
      { status: 'SKIPPED', skipReason: 'NO_CONSENT' },
      { status: 'SKIPPED', skipReason: 'DISABLED' },
      { status: 'PENDING' },
    ]);
  });
  afterAll(() => api.close());

  it('lists the store messages newest first, page by page, filtered by status', async () => {
    const owner = await tenant.token(Role.OWNER);
    const first = await api.gql(LIST, { first: 3 }, owner);
    expect(first.errors).toBeUndefined();
    const page1 = first.data!.outboundMessages;
    expect(page1.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([ids[4], ids[3], ids[2]]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await api.gql(LIST, { first: 3, after: page1.pageInfo.endCursor }, owner);
    expect(second.data!.outboundMessages.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([
      ids[1],
      ids[0],
    ]);
    const failed = await api.gql(LIST, { status: 'FAILED' }, await tenant.token(Role.SUPERVISOR));
    expect(failed.data!.outboundMessages.edges).toEqual([
      {
        node: expect.objectContaining({ id: ids[1], status: 'FAILED', attempts: 5, lastError: '451 busy' }),
      },
    ]);
  });

  it('is closed to agents, field staff and HR', async () => {
    for (const role of [Role.AGENT, Role.FIELD_STAFF, Role.HR]) {
      const token = await tenant.token(role);
      expect(errorCode(await api.gql(LIST, {}, token))).toBe('FORBIDDEN');
      expect(errorCode(await api.gql(RETRY, { input: { messageId: ids[1] } }, token))).toBe('FORBIDDEN');
    }
  });

  it('retries a FAILED message and one skipped because its channel was off', async () => {
    const supervisor = await tenant.token(Role.SUPERVISOR);
    const retried = await api.gql(RETRY, { input: { messageId: ids[1] } }, supervisor);
    expect(retried.errors).toBeUndefined();
    expect(retried.data!.retryMessage).toEqual({
      id: ids[1],
      status: 'PENDING',
      attempts: 0,
      skipReason: null,
    });
    const disabled = await api.gql(RETRY, { input: { messageId: ids[3] } }, supervisor);
    expect(disabled.data!.retryMessage).toMatchObject({ status: 'PENDING', skipReason: null });
    const [event] = await asOwner(
      tenant.tenantId,
      async (client) =>
        (
          await client.query(`SELECT type, data FROM tenant_events WHERE tenant_id = $1 AND entity_id = $2`, [
            tenant.tenantId,
            ids[1],
          ])
        ).rows,
    );
    expect(event).toMatchObject({ type: 'message.retry_requested', data: { channel: 'EMAIL' } });
  });

  it('refuses to retry a sent, pending or no-consent message (INVALID_TRANSITION)', async () => {
    const owner = await tenant.token(Role.OWNER);
    const before = await state(tenant);
    for (const id of [ids[0], ids[2], ids[4]]) {
      const result = await api.gql(RETRY, { input: { messageId: id } }, owner);
      expect(errorCode(result)).toBe('INVALID_TRANSITION');
    }
    expect(await state(tenant)).toEqual(before);
  });

  it('answers bad input with BAD_USER_INPUT and writes nothing', async () => {
    const owner = await tenant.token(Role.OWNER);
    const before = await state(tenant);
    const cases: Array<[string, Record<string, unknown>]> = [
      [RETRY, { input: { messageId: 'abc' } }],
      [RETRY, { input: { messageId: '' } }],
      [RETRY, { input: { messageId: 'x'.repeat(5000) } }],
      [RETRY, { input: { messageId: "' OR 1=1 --" } }],
      [RETRY, { input: {} }],
      [RETRY, { input: { messageId: 42 } }],
      [LIST, { first: 0 }],
      [LIST, { first: 101 }],
      [LIST, { status: 'LOST' }],
      [LIST, { complaintId: 'not-a-uuid' }],
      [LIST, { after: 'not a cursor' }],
      [LIST, { after: Buffer.from(JSON.stringify(['yesterday', newId()])).toString('base64url') }],
      [LIST, { after: Buffer.from(JSON.stringify([new Date().toISOString(), 'x'])).toString('base64url') }],
    ];
    for (const [query, variables] of cases) {
      const result = await api.gql(query, variables, owner);
      expect([JSON.stringify(variables).slice(0, 60), errorCode(result)]).toEqual([
        JSON.stringify(variables).slice(0, 60),
        'BAD_USER_INPUT',
      ]);
      expect(result.errors?.[0]?.message).toBeTruthy();
    }
    expect(await state(tenant)).toEqual(before);
    // A well-formed id that is not a message is NOT_FOUND.
    expect(errorCode(await api.gql(RETRY, { input: { messageId: newId() } }, owner))).toBe('NOT_FOUND');
  });
});
