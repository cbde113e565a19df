import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '@service-desk/core';
import { errorCode, FIXTURE_PASSWORD } from '@service-desk/testing';
import { type ApiHarness, startApi } from '../support/api.js';

const LOGIN =
  'mutation($input: LoginInput!) { login(input: $input) { accessToken refreshToken user { id role } tenant { id } } }';
const REFRESH =
  'mutation($input: RefreshTokenInput!) { refreshToken(input: $input) { accessToken refreshToken } }';
const ME = '{ me { user { id email role } tenant { slug } } }';

describe('authentication', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('logs in and answers me with the user and tenant', async () => {
    const t = await api.tenant();
    const login = await api.gql(LOGIN, { input: { email: t.users.AGENT.email, password: FIXTURE_PASSWORD } });
    expect(login.data?.login.user).toEqual({ id: t.users.AGENT.id, role: 'AGENT' });
    const me = await api.gql(ME, {}, login.data?.login.accessToken);
    expect(me.data?.me).toEqual({
      user: { id: t.users.AGENT.id, email: t.users.AGENT.email, role: 'AGENT' },
      tenant: { slug: t.slug },
    });
  });

  it('rejects a wrong password with UNAUTHENTICATED', async () => {
    const t = await api.tenant();
    const result = await api.gql(LOGIN, {
      input: { email: t.users.AGENT.email, password: 'wrong-password' },
    });
    expect(errorCode(result)).toBe('UNAUTHENTICATED');
  });

  it('rotates refresh tokens and revokes the family when a spent token is reused', async () => {
    const t = await api.tenant();
    const login = await api.gql(LOGIN, { input: { email: t.users.OWNER.email, password: FIXTURE_PASSWORD } });
    const first = login.data?.login.refreshToken;
    const second = await api.gql(REFRESH, { input: { refreshToken: first } });
    expect(second.data?.refreshToken.refreshToken).toBeDefined();
    expect(second.data?.refreshToken.refreshToken).not.toBe(first);

    const reuse = await api.gql(REFRESH, { input: { refreshToken: first } });
    expect(errorCode(reuse)).toBe('UNAUTHENTICATED');
    // The thief's reuse also kills the legitimate holder's newer token.
    const afterReuse = await api.gql(REFRESH, {
      input: { refreshToken: second.data?.refreshToken.refreshToken },
    });
    expect(errorCode(afterReuse)).toBe('UNAUTHENTICATED');
  });

  it('rejects malformed and forged refresh tokens', async () => {
    const t = await api.tenant();
    for (const token of ['garbage', `${t.tenantId}.${t.users.OWNER.id}.${'a'.repeat(43)}`]) {
      expect(errorCode(await api.gql(REFRESH, { input: { refreshToken: token } }))).toBe('UNAUTHENTICATED');
    }
  });

  it('logout ends the session of the refresh token', async () => {
    const t = await api.tenant();
    const login = await api.gql(LOGIN, { input: { email: t.users.HR.email, password: FIXTURE_PASSWORD } });
    const { accessToken, refreshToken } = login.data?.login ?? {};
    const logout = await api.gql(
      'mutation($input: RefreshTokenInput!) { logout(input: $input) }',
      { input: { refreshToken } },
      accessToken,
    );
    expect(logout.data?.logout).toBe(true);
    expect(errorCode(await api.gql(REFRESH, { input: { refreshToken } }))).toBe('UNAUTHENTICATED');
  });

  it('a deactivated user can neither log in nor use tokens issued before', async () => {
    const t = await api.tenant();
    const login = await api.gql(LOGIN, { input: { email: t.users.AGENT.email, password: FIXTURE_PASSWORD } });
    const { accessToken, refreshToken } = login.data?.login ?? {};
    const owner = await t.token(Role.OWNER);
    const deactivate = await api.gql(
      'mutation($input: UserIdInput!) { deactivateUser(input: $input) { active } }',
      { input: { id: t.users.AGENT.id } },
      owner,
    );
    expect(deactivate.data?.deactivateUser.active).toBe(false);

    expect(errorCode(await api.gql(ME, {}, accessToken))).toBe('UNAUTHENTICATED');
    expect(errorCode(await api.gql(REFRESH, { input: { refreshToken } }))).toBe('UNAUTHENTICATED');
    expect(
      errorCode(await api.gql(LOGIN, { input: { email: t.users.AGENT.email, password: FIXTURE_PASSWORD } })),
    ).toBe('UNAUTHENTICATED');
  });

  it('rate-limits repeated failed logins per account, even with the right password afterwards', async () => {
    const t = await api.tenant();
    const codes: Array<string | undefined> = [];
    for (let i = 0; i < 6; i++) {
      codes.push(
        errorCode(
          await api.gql(LOGIN, { input: { email: t.users.SUPERVISOR.email, password: `wrong-${i}` } }),
        ),
      );
    }
    expect(codes.slice(0, 5)).toEqual(Array(5).fill('UNAUTHENTICATED'));
    expect(codes[5]).toBe('RATE_LIMITED');
    const right = await api.gql(LOGIN, {
      input: { email: t.users.SUPERVISOR.email, password: FIXTURE_PASSWORD },
    });
    expect(errorCode(right)).toBe('RATE_LIMITED');
  });

  it('refuses tampered, unsigned and expired access tokens', async () => {
    const t = await api.tenant();
    const token = await t.token(Role.OWNER);
    const [header, payload] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    const escalated = `${header}.${Buffer.from(JSON.stringify({ ...claims, role: 'HQ_ADMIN' })).toString('base64url')}.${token.split('.')[2]}`;
    const jwt = (await import('jsonwebtoken')).default;
    const expired = jwt.sign(
      { ...claims, exp: Math.floor(Date.now() / 1000) - 60 },
      'service-desk-development-secret-do-not-use-in-production',
      { algorithm: 'HS256' },
    );
    const wrongKey = jwt.sign(claims, 'another-secret-another-secret-another', { algorithm: 'HS256' });
    // Rightly signed (as a leaked key would allow) but naming a user in another tenant: the user is
    // looked up in the named tenant, where it does not exist.
    const other = await api.tenant();
    const otherTenant = jwt.sign(
      { ...claims, tid: other.tenantId, cid: other.chainId },
      'service-desk-development-secret-do-not-use-in-production',
      { algorithm: 'HS256' },
    );
    const hs512 = jwt.sign(claims, 'service-desk-development-secret-do-not-use-in-production', {
      algorithm: 'HS512',
    });
    for (const bad of [none, escalated, expired, wrongKey, otherTenant, hs512]) {
      expect(errorCode(await api.gql(ME, {}, bad))).toBe('UNAUTHENTICATED');
    }
  });
});
