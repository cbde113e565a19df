import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newId } from '@service-desk/core';
import { appUrl, ownerUrl } from '@service-desk/db';
import { createTenantFixture, FIXTURE_PASSWORD, loginToken, type TenantFixture } from '@service-desk/testing';
import pg from 'pg';
import {
  CLUSTER_MAIN,
  eventually,
  freePort,
  metric,
  type Proc,
  range,
  startProcess,
  stopProcess,
  type Watcher,
  watchLive,
} from './support.js';

/**
 * DESIGN section 10, "kill an API node": `npm run cluster` (the real launcher and proxy, two API nodes, no
 * workers) on the test database, 500 live-feed sockets over five tenants spread by the proxy over both nodes,
 * events written steadily (by SQL as the application role, like the worker). One node is SIGKILLed: its
 * clients reconnect through the proxy to the surviving node and every client ends with exactly the tenant's
 * seqs from the log, none missing, none twice. The launcher starts the killed node again.
 */
const TENANTS = 5;
const SOCKETS_PER_TENANT = 100;
const EVENTS_BEFORE_KILL = 8;
const EVENTS_AFTER_RECONNECT = 8;

let cluster: Proc;
let proxyUrl: string;
let nodeUrls: string[];
let pool: pg.Pool;
const watchers: Array<{ tenant: TenantFixture; watcher: Watcher }> = [];

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: appUrl(), max: TENANTS });
  const [proxyPort, portA, portB] = await Promise.all([freePort(), freePort(), freePort()]);
  proxyUrl = `http://127.0.0.1:${proxyPort}`;
  nodeUrls = [`http://127.0.0.1:${portA}`, `http://127.0.0.1:${portB}`];
  cluster = startProcess('cluster', CLUSTER_MAIN, {
    SEED_DEMO: 'false',
    CLUSTER_PORT: String(proxyPort),
    CLUSTER_API_PORTS: `${portA},${portB}`,
    CLUSTER_WORKERS: '0',
  });
  await eventually(
    'the cluster banner',
    () => {
      if (cluster.exited()) throw new Error(`the cluster exited:\n${cluster.output()}`);
      return cluster.output().includes('Service Desk cluster is running');
    },
    180_000,
    cluster.output,
  );
}, 200_000);

afterAll(async () => {
  for (const { watcher } of watchers) watcher.client.close();
  await stopProcess(cluster, 'SIGINT');
  await pool?.end();
});

/** The API node's pid, as the launcher printed it (last start). */
function pidOf(name: string): number {
  const pids = [...cluster.output().matchAll(new RegExp(`${name}\\s+(?:pid |restarted \\(pid )(\\d+)`, 'g'))];
  if (pids.length === 0) throw new Error(`no pid for ${name}:\n${cluster.output()}`);
  return Number(pids[pids.length - 1][1]);
}

async function liveSockets(url: string): Promise<number | null> {
  const response = await fetch(`${url}/metrics`).catch(() => null);
  return response?.ok ? metric(await response.text(), 'live_sockets') : null;
}

async function appendAsWorker(tenantId: string, i: number): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    await client.query(`SELECT append_tenant_event('test.resilience', 'test', $1, NULL, $2)`, [
      newId(),
      JSON.stringify({ i }),
    ]);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}

/** One event per tenant per round, rounds 20 ms apart, until `until()` holds (bounded by `max` rounds). */
async function writeRounds(tenants: TenantFixture[], from: number, max: number, until: () => boolean) {
  let round = from;
  for (; round < from + max && !until(); round++) {
    await Promise.all(tenants.map((tenant) => appendAsWorker(tenant.tenantId, round)));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return round;
}

describe('an API node killed under 500 live sockets', () => {
  it('moves its clients to the surviving node through the proxy; nobody misses or repeats an event', async () => {
    const tenants = await Promise.all(Array.from({ length: TENANTS }, () => createTenantFixture()));
    const tokens = await Promise.all(
      tenants.map((tenant) => loginToken(proxyUrl, tenant.users.SUPERVISOR.email, FIXTURE_PASSWORD)),
    );
    // Connect in batches; every tenth socket starts on long-polling and upgrades (sticky by sid).
    for (let i = 0; i < TENANTS * SOCKETS_PER_TENANT; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: 50 }, (_, j) => {
          const n = i + j;
          const t = n % TENANTS;
          const transports = n % 10 === 0 ? ['polling', 'websocket'] : ['websocket'];
          return watchLive(proxyUrl, tokens[t], { transports }).then((watcher) => ({
            tenant: tenants[t],
            watcher,
          }));
        }),
      );
      watchers.push(...batch);
    }
    expect(watchers).toHaveLength(500);
    const perNode = await Promise.all(nodeUrls.map(liveSockets));
    expect(perNode[0]! + perNode[1]!).toBe(500);
    expect(perNode[0]).toBeGreaterThan(100);
    expect(perNode[1]).toBeGreaterThan(100);

    let round = await writeRounds(tenants, 0, EVENTS_BEFORE_KILL, () => false);
    await eventually('every client to have the first events', () =>
      watchers.every(({ watcher }) => watcher.client.lastSeq === EVENTS_BEFORE_KILL),
    );

    const victimPid = pidOf('api-1');
    const readiesBefore = watchers.map(({ watcher }) => watcher.readies);
    process.kill(victimPid, 'SIGKILL');
    // Keep writing while the killed node's clients reconnect (bounded), then a few more rounds.
    const moved = () =>
      watchers.filter(({ watcher }, i) => watcher.readies > readiesBefore[i] && watcher.client.connected)
        .length;
    round = await writeRounds(tenants, round, 200, () => moved() >= perNode[0]!);
    await eventually(
      `the ${perNode[0]} clients of the killed node to be ready again`,
      () => moved() >= perNode[0]!,
      60_000,
      cluster.output,
    );
    round = await writeRounds(tenants, round, EVENTS_AFTER_RECONNECT, () => false);

    // Every client of every tenant has exactly the tenant's log, once each, in order.
    const ownerLogs = await ownerSeqs(tenants.map((tenant) => tenant.tenantId));
    for (const tenant of tenants) {
      expect(ownerLogs.get(tenant.tenantId)).toEqual(range(1, round));
    }
    await eventually('every client to reach the last event', () =>
      watchers.every(({ watcher }) => watcher.client.lastSeq === round),
    );
    for (const { tenant, watcher } of watchers) {
      expect(watcher.startSeq).toBe(0);
      expect(watcher.delivered).toEqual(ownerLogs.get(tenant.tenantId));
      expect(watcher.gaps).toBe(0);
      expect(watcher.fills).toBe(0);
    }
    // Exactly the killed node's clients reconnected; the others kept their connection.
    expect(watchers.filter(({ watcher }, i) => watcher.readies > readiesBefore[i])).toHaveLength(perNode[0]!);

    // The launcher starts the killed node again and the proxy sends it new connections once it is ready.
    await eventually('api-1 to be restarted', () => cluster.output().includes('api-1 restarted'), 60_000);
    expect(pidOf('api-1')).not.toBe(victimPid);
    expect(cluster.exited()).toBe(false);

    // Ctrl-C stops the launcher cleanly, with every process it started.
    for (const { watcher } of watchers) watcher.client.close();
    const children = [pidOf('api-1'), pidOf('api-2')];
    const exit = new Promise<number | null>((resolve) => cluster.child.once('exit', (code) => resolve(code)));
    cluster.child.kill('SIGINT');
    expect(await exit).toBe(0);
    for (const pid of children) expect(alive(pid)).toBe(false);
  }, 300_000);
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function ownerSeqs(tenantIds: string[]): Promise<Map<string, number[]>> {
  const client = new pg.Client({ connectionString: ownerUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ tenant_id: string; seqs: number[] }>(
      `SELECT tenant_id, array_agg(seq::int ORDER BY seq) AS seqs FROM tenant_events
       WHERE tenant_id = ANY($1::uuid[]) GROUP BY tenant_id`,
      [tenantIds],
    );
    return new Map(rows.map((row) => [row.tenant_id, row.seqs]));
  } finally {
    await client.end();
  }
}
