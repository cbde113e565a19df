import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { config, reloadConfig } from '@service-desk/core';
import { type EmbeddedServer, ensureDatabase, migrate, Queue, startEmbeddedPostgres } from '@service-desk/db';
import { asOwner, createTenantFixture, FIXTURE_PASSWORD, graphql, loginToken } from '@service-desk/testing';
import {
  API_MAIN,
  eventually,
  freePort,
  jobStateOf,
  type Proc,
  range,
  sendJob,
  sleep,
  startProcess,
  stopProcess,
  waitHttp,
  type Watcher,
  watchLive,
  WORKER_MAIN,
} from './support.js';

/**
 * DESIGN section 10, "restart PostgreSQL under load": a PostgreSQL of its own (embedded), an API and a
 * worker process on it, 200 live-feed sockets and four clients writing through GraphQL without pause. The
 * server is stopped (fast shutdown: every connection is cut) and started again. No process exits;
 * `/health/ready` goes down and comes back; the API serves writes again within 10 s of the database being
 * back; every write that was acknowledged is in the database; every socket ends with the tenant's events
 * in order, none missing, none twice.
 */
const SOCKETS = 200;
/** Clients whose connection drops during the outage. */
const DROPPED = 20;
const WRITERS = 4;
const CREATE_CUSTOMER = 'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }';

let runDir: string;
let pgDir: string;
let pgPort: number;
let server: EmbeddedServer | undefined;
let api: Proc;
let worker: Proc;
let apiUrl: string;
const previousUrl = process.env.DATABASE_URL;
const watchers: Watcher[] = [];
const processes = () => [api, worker].filter(Boolean);
const outputs = () =>
  processes()
    .map((p) => `--- ${p.name}:\n${p.output()}`)
    .join('\n');

beforeAll(async () => {
  runDir = mkdtempSync(join(tmpdir(), 'service-desk-pg-restart-'));
  // The server may run as another user (when tests run as root): it must reach the folder.
  chmodSync(runDir, 0o755);
  pgDir = join(runDir, 'pg');
  pgPort = await freePort();
  server = await startEmbeddedPostgres({ dataDir: pgDir, port: pgPort });
  await ensureDatabase(server.url('postgres'), 'resilience');
  const url = server.url('resilience');
  // Fixtures of this file (createTenantFixture, asOwner) go to this server.
  process.env.DATABASE_URL = url;
  reloadConfig();
  await migrate(url, config().DATABASE_APP_PASSWORD);
  const port = await freePort();
  apiUrl = `http://127.0.0.1:${port}`;
  api = startProcess('api', API_MAIN, { DATABASE_URL: url, PORT: String(port) });
  worker = startProcess('worker', WORKER_MAIN, { DATABASE_URL: url });
  await waitHttp(api, `${apiUrl}/health/ready`);
}, 180_000);

afterAll(async () => {
  for (const watcher of watchers) watcher.client.close();
  await Promise.all(processes().map((p) => stopProcess(p)));
  await server?.stop().catch(() => undefined);
  if (runDir) rmSync(runDir, { recursive: true, force: true });
  process.env.DATABASE_URL = previousUrl;
  reloadConfig();
});

const readiness = async () => (await fetch(`${apiUrl}/health/ready`).catch(() => null))?.status ?? 0;

describe('PostgreSQL restarted under GraphQL and socket load', () => {
  it('keeps every process up, serves again within 10 s, loses no acknowledged write and no event', async () => {
    const t = await createTenantFixture();
    const tokens = await Promise.all(
      [t.users.OWNER, t.users.SUPERVISOR, t.users.AGENT].map((user) =>
        loginToken(apiUrl, user.email, FIXTURE_PASSWORD),
      ),
    );
    for (let i = 0; i < SOCKETS; i += 50) {
      watchers.push(
        ...(await Promise.all(
          Array.from({ length: 50 }, (_, j) => watchLive(apiUrl, tokens[(i + j) % tokens.length])),
        )),
      );
    }
    const refusals = new Map<Watcher, number>();
    for (const watcher of watchers) {
      refusals.set(watcher, 0);
      watcher.client.onError((error) => {
        if (error.code === 'INTERNAL') refusals.set(watcher, refusals.get(watcher)! + 1);
      });
    }

    // Steady writes; a write counts only when the API answered with its id.
    const acknowledged: Array<{ id: string; at: number }> = [];
    let failures = 0;
    let writing = true;
    const writers = Array.from({ length: WRITERS }, async (_, w) => {
      for (let n = 0; writing && n < 100_000; n++) {
        const result = await graphql(
          apiUrl,
          CREATE_CUSTOMER,
          { input: { name: `Writer ${w} customer ${n}` } },
          tokens[w % tokens.length],
        ).catch(() => null);
        const id = result?.data?.createCustomer?.id as string | undefined;
        if (id) acknowledged.push({ id, at: Date.now() });
        else failures++;
        await sleep(id ? 20 : 50);
      }
    });

    try {
      await eventually('20 acknowledged writes', () => acknowledged.length >= 20, 30_000, outputs);
      await server!.stop();
      server = undefined;
      await eventually('/health/ready to report the database down', async () => (await readiness()) === 503);
      await eventually('writes to fail during the outage', () => failures > 0);
      // Some clients lose their connection while the database is down: their reconnections meet an API
      // that cannot check their token yet, and must keep trying until it can.
      const dropped = watchers.slice(0, DROPPED);
      const readiesBefore = dropped.map((watcher) => watcher.readies);
      for (const watcher of dropped) watcher.client.socket.io.engine.close();
      await eventually('the dropped clients to be refused while the database is down', () =>
        dropped.every((watcher) => refusals.get(watcher)! > 0),
      );

      server = await startEmbeddedPostgres({ dataDir: pgDir, port: pgPort });
      const back = Date.now();
      await eventually(
        'a write acknowledged after the restart, within 10 s of the database being back',
        () => acknowledged.some((write) => write.at > back),
        10_000,
        outputs,
      );
      await eventually(
        '/health/ready to be 200 again',
        async () => (await readiness()) === 200,
        10_000,
        outputs,
      );
      await eventually(
        'the dropped clients to be connected and ready again',
        () => dropped.every((watcher, i) => watcher.readies > readiesBefore[i] && watcher.client.connected),
        30_000,
        outputs,
      );
      const after = () => acknowledged.filter((write) => write.at > back).length;
      await eventually('20 writes acknowledged after the restart', () => after() >= 20, 30_000, outputs);
    } finally {
      writing = false;
      await Promise.all(writers);
    }

    expect(api.exited()).toBe(false);
    expect(worker.exited()).toBe(false);
    // The worker's job queue works again too.
    const job = await sendJob(Queue.SlaMonitor, { tenantId: t.tenantId });
    await eventually(
      'a job sent after the restart to complete in the worker',
      async () => (await jobStateOf(Queue.SlaMonitor, job)) === 'completed',
      60_000,
      outputs,
    );

    const ids = acknowledged.map((write) => write.id);
    const { stored, lastSeq } = await asOwner(t.tenantId, async (client) => {
      const found = await client.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM customers WHERE tenant_id = $1 AND id = ANY($2::uuid[])',
        [t.tenantId, ids],
      );
      const seq = await client.query<{ last: string }>(
        'SELECT coalesce(max(seq), 0) AS last FROM tenant_events WHERE tenant_id = $1',
        [t.tenantId],
      );
      return { stored: found.rows[0].n, lastSeq: Number(seq.rows[0].last) };
    });
    expect(stored).toBe(ids.length);

    await eventually(
      `every socket to reach seq ${lastSeq}`,
      () => watchers.every((watcher) => watcher.client.lastSeq === lastSeq),
      30_000,
      outputs,
    );
    for (const watcher of watchers) {
      expect(watcher.delivered).toEqual(range(watcher.startSeq + 1, lastSeq));
      expect(watcher.gaps).toBe(0);
      expect(watcher.fills).toBe(0);
    }
    expect(api.exited()).toBe(false);
    expect(worker.exited()).toBe(false);
  }, 300_000);
});
