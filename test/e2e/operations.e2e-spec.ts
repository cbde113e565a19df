import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { reloadConfig } from '@service-desk/core';
import { type ApiHarness, startApi } from '../support/api.js';

describe('operations endpoints', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('reports liveness and readiness (database reachable, migrations current)', async () => {
    const live = await fetch(`${api.url}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${api.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok' });
  });

  it('exposes Prometheus metrics including request durations', async () => {
    await fetch(`${api.url}/health/live`);
    const metrics = await fetch(`${api.url}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await metrics.text();
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/health\/live",status="200"\} \d+/,
    );
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('echoes a request id, or makes one', async () => {
    const given = await fetch(`${api.url}/health/live`, { headers: { 'x-request-id': 'trace-abc-123' } });
    expect(given.headers.get('x-request-id')).toBe('trace-abc-123');
    const made = await fetch(`${api.url}/health/live`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('production mode', () => {
  let api: ApiHarness;
  const saved = { NODE_ENV: process.env.NODE_ENV, JWT_SECRET: process.env.JWT_SECRET };
  beforeAll(async () => {
    process.env.NODE_ENV = 'production';
    process.env.JWT_SECRET = 'a-production-secret-of-at-least-32-characters';
    reloadConfig();
    api = await startApi();
  });
  afterAll(async () => {
    await api.close();
    process.env.NODE_ENV = saved.NODE_ENV;
    if (saved.JWT_SECRET === undefined) delete process.env.JWT_SECRET;
    else process.env.JWT_SECRET = saved.JWT_SECRET;
    reloadConfig();
  });

  it('refuses introspection', async () => {
    const result = await api.gql('{ __schema { types { name } } }');
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].message).toMatch(/introspection/i);
  });

  it('still answers ordinary operations', async () => {
    const t = await api.tenant();
    const me = await api.gql('{ me { user { id } } }', {}, await t.token('OWNER' as never));
    expect(me.data?.me.user.id).toBe(t.users.OWNER.id);
  });
});
