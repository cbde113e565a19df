import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Session, SessionStore } from './session.js';

const session = (accessToken: string, expiresInMs: number): Session => ({
  accessToken,
  accessTokenExpiresAt: new Date(Date.now() + expiresInMs).toISOString(),
  refreshToken: `refresh-${accessToken}`,
  user: { id: 'u1', displayName: 'Li', email: 'li@x', role: 'AGENT' },
  tenant: { id: 't1', name: 'Store', timeZone: 'Asia/Shanghai' },
});

afterEach(() => vi.unstubAllGlobals());

describe('session store', () => {
  it('refreshes silently (once for concurrent callers) when the token is about to expire', async () => {
    sessionStorage.setItem('service-desk.session', JSON.stringify(session('old', 10_000)));
    const fetch = vi.fn(async () => Response.json({ data: { refreshToken: session('new', 15 * 60_000) } }));
    vi.stubGlobal('fetch', fetch);
    const store = new SessionStore(sessionStorage);
    const [a, b] = await Promise.all([store.token(), store.token()]);
    expect([a, b]).toEqual(['new', 'new']);
    expect(fetch).toHaveBeenCalledTimes(1);
    const body = JSON.parse((fetch.mock.calls[0] as unknown as [string, RequestInit])[1].body as string);
    expect(body.variables).toEqual({ input: { refreshToken: 'refresh-old' } });
    expect(JSON.parse(sessionStorage.getItem('service-desk.session')!).accessToken).toBe('new');
  });

  it('signs out when the refresh token is refused', async () => {
    sessionStorage.setItem('service-desk.session', JSON.stringify(session('old', 1000)));
    vi.stubGlobal('fetch', async () =>
      Response.json({ errors: [{ message: 'expired', extensions: { code: 'UNAUTHENTICATED' } }] }),
    );
    const store = new SessionStore(sessionStorage);
    expect(await store.token()).toBeNull();
    expect(store.session).toBeNull();
    expect(sessionStorage.getItem('service-desk.session')).toBeNull();
  });
});
