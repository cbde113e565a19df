import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newId } from '@service-desk/core';
import { appUrl } from '@service-desk/db';
import { connectLive, type LiveClient, type LiveEnvelope } from '@service-desk/live-client';
import { createTenantFixture, FIXTURE_PASSWORD, graphql, loginToken } from '@service-desk/testing';
import pg from 'pg';

/**
 * Two real API processes (dist/apps/api/src/main.js) on the test database. Every process delivers every
 * committed event of the tenant, in order, whichever process (or the worker, simulated by SQL as the
 * application role) wrote it; a client of a killed process resumes on the other without a gap.
 */
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const API_MAIN = join(repoRoot, 'dist', 'apps', 'api', 'src', 'main.js');

interface ApiProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function spawnApi(): Promise<ApiProcess> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), LOG_LEVEL: 'warn' };
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, [API_MAIN], {
    cwd: repoRoot,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const api = { url: `http://127.0.0.1:${port}`, child, output: () => output };
  await eventually(
    `the API on port ${port}`,
    async () => {
      if (child.exitCode !== null) throw new Error(`the API exited (${child.exitCode}):\n${output}`);
      const response = await fetch(`${api.url}/health/live`).catch(() => null);
      return response?.status === 200;
    },
    60_000,
  );
  return api;
}

async function stopApi(api: ApiProcess | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!api || api.child.exitCode !== null || api.child.signalCode !== null) return;
  let timer: NodeJS.Timeout | undefined;
  const stopped = await new Promise<boolean>((resolve) => {
    api.child.once('exit', () => resolve(true));
    timer = setTimeout(() => resolve(false), 15_000);
    api.child.kill(signal);
  });
  clearTimeout(timer);
  if (!stopped) {
    try {
      process.kill(-api.child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

let a: ApiProcess;
let b: ApiProcess;
let pool: pg.Pool;
const clients: LiveClient[] = [];

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: appUrl(), max: 4 });
  [a, b] = await Promise.all([spawnApi(), spawnApi()]);
}, 120_000);

afterAll(async () => {
  for (const client of clients) client.close();
  await Promise.all([stopApi(a), stopApi(b)]);
  await pool?.end();
});

/** What the worker does: an event appended in a tenant-scoped transaction as the application role. */
async function appendAsWorker(tenantId: string, data: Record<string, unknown>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    await client.query(`SELECT append_tenant_event('test.worker', 'test', $1, NULL, $2)`, [
      newId(),
      JSON.stringify(data),
    ]);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}

const CREATE_CUSTOMER = `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`;

async function createCustomers(url: string, token: string, count: number): Promise<void> {
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const result = await graphql(url, CREATE_CUSTOMER, { input: { name: `Customer ${i}` } }, token);
      if (result.errors) throw new Error(JSON.stringify(result.errors));
    }),
  );
}

function watch(url: string, token: string, since?: number) {
  const fetchEvents = jest.fn(async (_since: number) => [] as LiveEnvelope[]);
  const client = connectLive({ url, token, since, fetchEvents });
  clients.push(client);
  const events: LiveEnvelope[] = [];
  const wire: number[] = [];
  client.onEvent((envelope) => events.push(envelope));
  client.socket.on('event', (envelope: LiveEnvelope) => wire.push(envelope.seq));
  return { client, events, wire, fetchEvents };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('live feed across two API processes', () => {
  it('a supervisor on B gets, in order and once, events caused through A and by the worker', async () => {
    const t = await createTenantFixture();
    const supervisorToken = await loginToken(b.url, t.users.SUPERVISOR.email, FIXTURE_PASSWORD);
    const agentToken = await loginToken(a.url, t.users.AGENT.email, FIXTURE_PASSWORD);
    const onB = watch(b.url, supervisorToken);
    const onA = watch(a.url, agentToken);
    expect((await onB.client.ready()).seq).toBe(0);
    await onA.client.ready();

    await Promise.all([
      createCustomers(a.url, agentToken, 15),
      (async () => {
        for (let i = 0; i < 15; i++) await appendAsWorker(t.tenantId, { i });
      })(),
    ]);

    for (const watcher of [onB, onA]) {
      await eventually('all 30 events', () => watcher.client.lastSeq === 30);
      expect(watcher.events.map((event) => event.seq)).toEqual(range(1, 30));
      expect(watcher.wire).toEqual(range(1, 30));
      expect(watcher.fetchEvents).not.toHaveBeenCalled();
      const types = watcher.events.map((event) => event.type);
      expect(types.filter((type) => type === 'customer.created')).toHaveLength(15);
      expect(types.filter((type) => type === 'test.worker')).toHaveLength(15);
    }
  }, 60_000);

  it('a client of a killed process resumes on the other with exactly what it missed', async () => {
    const t = await createTenantFixture();
    const token = await loginToken(a.url, t.users.OWNER.email, FIXTURE_PASSWORD);
    const onB = watch(b.url, token);
    await onB.client.ready();
    await createCustomers(a.url, token, 3);
    await eventually('the first three events on B', () => onB.client.lastSeq === 3);

    await stopApi(b, 'SIGKILL');
    await createCustomers(a.url, token, 4);
    for (let i = 0; i < 4; i++) await appendAsWorker(t.tenantId, { i });
    onB.client.close();

    const onA = watch(a.url, token, onB.client.lastSeq!);
    await eventually('the eight missed events on A', () => onA.client.lastSeq === 11);
    expect(onA.wire).toEqual(range(4, 11));
    expect(onA.events.map((event) => event.seq)).toEqual(range(4, 11));
  }, 60_000);
});
