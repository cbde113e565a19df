import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '@service-desk/core';
import { asOwner, errorCode, FIXTURE_PASSWORD, graphql, randomClientAddress } from '@service-desk/testing';
import { type ApiHarness, startApi } from '../support/api.js';

const CREATE_TENANT =
  'mutation($input: CreateTenantInput!) { createTenant(input: $input) { id slug kind timeZone } }';
const CREATE_USER =
  'mutation($input: CreateUserInput!) { createUser(input: $input) { id email role active } }';
const LOGIN =
  'mutation($input: LoginInput!) { login(input: $input) { accessToken user { role } tenant { slug } } }';
const unique = () => Math.random().toString(36).slice(2, 10);

describe('HQ provisioning and staff management', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('HQ provisions a franchisee whose owner can log in, and lists it', async () => {
    const t = await api.tenant();
    const hq = await t.token(Role.HQ_ADMIN);
    const slug = `store-${unique()}`;
    const owner = { email: `owner-${slug}@example.test`, displayName: '店长', password: 'owner-password-1' };
    const created = await api.gql(
      CREATE_TENANT,
      { input: { slug, name: '海港店', timeZone: 'Asia/Shanghai', owner } },
      hq,
    );
    expect(created.data?.createTenant).toMatchObject({ slug, kind: 'STORE', timeZone: 'Asia/Shanghai' });

    const login = await graphql(
      api.url,
      LOGIN,
      { input: { email: owner.email, password: owner.password } },
      undefined,
      randomClientAddress(),
    );
    expect(login.data?.login).toMatchObject({ user: { role: 'OWNER' }, tenant: { slug } });

    const list = await api.gql('{ tenants(first: 100) { edges { node { slug } } } }', {}, hq);
    expect(list.data?.tenants.edges.map((e: { node: { slug: string } }) => e.node.slug).sort()).toEqual(
      [slug, t.slug].sort(),
    );
  });

  it('refuses a taken slug, a taken owner e-mail and an unknown time zone without writing anything', async () => {
    const t = await api.tenant();
    const hq = await t.token(Role.HQ_ADMIN);
    const owner = { email: t.users.AGENT.email, displayName: 'x', password: 'owner-password-1' };
    const slug = `store-${unique()}`;
    expect(
      errorCode(
        await api.gql(
          CREATE_TENANT,
          { input: { slug: t.slug, name: 'Dup', owner: { ...owner, email: `n-${unique()}@x.test` } } },
          hq,
        ),
      ),
    ).toBe('CONFLICT');
    expect(errorCode(await api.gql(CREATE_TENANT, { input: { slug, name: 'Dup owner', owner } }, hq))).toBe(
      'CONFLICT',
    );
    expect(
      errorCode(
        await api.gql(CREATE_TENANT, { input: { slug, name: 'Zone', timeZone: 'Mars/Olympus', owner } }, hq),
      ),
    ).toBe('BAD_USER_INPUT');
    const rows = await asOwner(
      t.hqTenantId,
      async (client) =>
        (await client.query('SELECT count(*)::int AS n FROM tenants WHERE slug = $1', [slug])).rows[0].n,
    );
    expect(rows).toBe(0);
  });

  it('an owner adds staff; the e-mail is unique across tenants; retries with the idempotency key create one user', async () => {
    const [t, other] = await Promise.all([api.tenant(), api.tenant()]);
    const owner = await t.token(Role.OWNER);
    const input = {
      email: `new-${unique()}@example.test`,
      displayName: '前台 Agent',
      role: 'AGENT',
      password: 'agent-password-1',
      idempotencyKey: unique(),
    };
    const first = await api.gql(CREATE_USER, { input }, owner);
    const retry = await api.gql(CREATE_USER, { input }, owner);
    expect(first.data?.createUser).toMatchObject({ email: input.email, role: 'AGENT', active: true });
    expect(retry.data?.createUser.id).toBe(first.data?.createUser.id);

    const otherOwner = await other.token(Role.OWNER);
    expect(
      errorCode(await api.gql(CREATE_USER, { input: { ...input, idempotencyKey: undefined } }, otherOwner)),
    ).toBe('CONFLICT');
    expect(
      errorCode(
        await api.gql(
          CREATE_USER,
          {
            input: { ...input, email: `hq-${unique()}@x.test`, role: 'HQ_ADMIN', idempotencyKey: undefined },
          },
          owner,
        ),
      ),
    ).toBe('BAD_USER_INPUT');
  });

  it('only the owner manages staff; supervisors and HR read the staff list', async () => {
    const t = await api.tenant();
    const input = {
      email: `s-${unique()}@example.test`,
      displayName: 'S',
      role: 'AGENT',
      password: 'agent-password-1',
    };
    for (const role of [Role.SUPERVISOR, Role.AGENT, Role.HR, Role.FIELD_STAFF]) {
      expect(errorCode(await api.gql(CREATE_USER, { input }, await t.token(role)))).toBe('FORBIDDEN');
    }
    const list = await api.gql(
      '{ users(first: 10, role: AGENT) { edges { node { id role } } } }',
      {},
      await t.token(Role.HR),
    );
    expect(list.data?.users.edges).toEqual([{ node: { id: t.users.AGENT.id, role: 'AGENT' } }]);
  });

  it('a role change takes effect on the next request with the same token', async () => {
    const t = await api.tenant();
    const agent = await t.token(Role.AGENT);
    expect(errorCode(await api.gql('{ users(first: 1) { edges { node { id } } } }', {}, agent))).toBe(
      'FORBIDDEN',
    );
    await api.gql(
      'mutation($input: UpdateUserInput!) { updateUser(input: $input) { role } }',
      { input: { id: t.users.AGENT.id, role: 'SUPERVISOR' } },
      await t.token(Role.OWNER),
    );
    expect(
      errorCode(await api.gql('{ users(first: 1) { edges { node { id } } } }', {}, agent)),
    ).toBeUndefined();
  });

  it('rate-limits login attempts per address across accounts', async () => {
    const t = await api.tenant();
    const address = randomClientAddress();
    const codes: Array<string | undefined> = [];
    for (let i = 0; i < 31; i++) {
      const email = `nobody-${i}-${unique()}@example.test`;
      codes.push(
        errorCode(
          await graphql(api.url, LOGIN, { input: { email, password: 'wrong-password' } }, undefined, address),
        ),
      );
    }
    expect(codes.slice(0, 30).every((code) => code === 'UNAUTHENTICATED')).toBe(true);
    expect(codes[30]).toBe('RATE_LIMITED');
    const right = await graphql(
      api.url,
      LOGIN,
      { input: { email: t.users.OWNER.email, password: FIXTURE_PASSWORD } },
      undefined,
      address,
    );
    expect(errorCode(right)).toBe('RATE_LIMITED');
  });
});
