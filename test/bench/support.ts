// Shared pieces of the benchmarks: the database, closed-loop load, percentiles and the result shape.
import { reloadConfig } from '@service-desk/core';
import { ensureDatabase, migrate, startEmbeddedPostgres, type EmbeddedServer } from '@service-desk/db';
import { asOwner, createTenantFixture } from '@service-desk/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

// ---------------------------------------------------------------------------------------------
// Results

/** One throughput measurement: a closed loop (or several interleaved rounds of one) at fixed concurrency. */
export interface LoadStats {
  ops: number;
  seconds: number;
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Throughput of each round, to judge the noise. */
  roundOpsPerSec: number[];
}

/** One row of the report: a measurement against a baseline measured in the same run. */
export interface BenchRow {
  name: string;
  description: string;
  measured: LoadStats;
  baseline: LoadStats;
  /** measured ÷ baseline, on the metric named by `metric`. */
  ratio: number;
  /** ops/s: throughput ratio; sql statements: ratio of the statement counts in `counts`. */
  metric: 'ops/s' | 'sql statements' | 'p99 latency' | 'heap bytes';
  /** Counted figures shown in the table before the timings (e.g. SQL statements per request). */
  counts?: { measured: number; baseline: number; unit: string };
  /** Human-readable target (DESIGN section 9) or "report only". */
  target: string;
  /** undefined when the row has no target. */
  pass?: boolean;
  /** Anything else worth keeping in the JSON (derived figures, settings). */
  extra?: Record<string, unknown>;
}

export interface Benchmark {
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<BenchRow[]>;
}

export interface BenchContext {
  quick: boolean;
  /** Owner URL of the bench database (also in process.env.DATABASE_URL). */
  ownerUrl: string;
  /** Owner URL of the server's maintenance database (to create roles, databases). */
  adminUrl: string;
  /** Picks the full or the quick value. */
  pick<T>(full: T, quick: T): T;
  log(message: string): void;
  /** Tenants with customers, created once per run and shared by the benchmarks. */
  tenants(): Promise<SeededTenant[]>;
}

// ---------------------------------------------------------------------------------------------
// Load generation

export const now = (): bigint => process.hrtime.bigint();

/** Raw samples of a closed loop; merge several with `summarize`. */
export interface LoadSamples {
  ops: number;
  elapsedNs: bigint;
  latenciesMs: number[];
}

/**
 * A closed loop: `concurrency` workers each run `op` back to back until `durationMs` has passed (an op
 * started before the deadline finishes and counts). Throughput is completed ops over the wall time
 * until the last worker stopped. An op that throws aborts the run: a benchmark with errors is broken.
 */
export async function closedLoop(options: {
  concurrency: number;
  durationMs: number;
  op: (worker: number, iteration: number) => Promise<unknown>;
}): Promise<LoadSamples> {
  const { concurrency, durationMs, op } = options;
  const latenciesMs: number[] = [];
  const started = now();
  const deadline = started + BigInt(Math.round(durationMs * 1e6));
  let failure: unknown;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let iteration = 0; failure === undefined && now() < deadline; iteration++) {
        const t0 = now();
        try {
          await op(worker, iteration);
        } catch (error) {
          failure ??= error;
          return;
        }
        latenciesMs.push(Number(now() - t0) / 1e6);
      }
    }),
  );
  if (failure !== undefined) throw failure;
  return { ops: latenciesMs.length, elapsedNs: now() - started, latenciesMs };
}

/**
 * Runs variants of the same work in alternating rounds (A B, B A, A B, ...), so drift in the machine
 * (other processes, autovacuum, cache warm-up, thermal) falls on every variant alike. Each variant
 * gets an unmeasured warm-up first.
 */
export async function interleaved<K extends string>(options: {
  variants: Record<K, (worker: number, iteration: number) => Promise<unknown>>;
  concurrency: number;
  rounds: number;
  roundMs: number;
  warmupMs: number;
}): Promise<Record<K, LoadStats>> {
  const names = Object.keys(options.variants) as K[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as LoadSamples[]])) as Record<
    K,
    LoadSamples[]
  >;
  for (const name of names) {
    if (options.warmupMs > 0)
      await closedLoop({
        concurrency: options.concurrency,
        durationMs: options.warmupMs,
        op: options.variants[name],
      });
  }
  for (let round = 0; round < options.rounds; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      samples[name].push(
        await closedLoop({
          concurrency: options.concurrency,
          durationMs: options.roundMs,
          op: options.variants[name],
        }),
      );
    }
  }
  return Object.fromEntries(names.map((name) => [name, summarize(samples[name])])) as Record<K, LoadStats>;
}

export function summarize(runs: LoadSamples[]): LoadStats {
  const latencies = Float64Array.from(runs.flatMap((run) => run.latenciesMs)).sort();
  const ops = latencies.length;
  const seconds = runs.reduce((sum, run) => sum + Number(run.elapsedNs) / 1e9, 0);
  return {
    ops,
    seconds: round(seconds, 3),
    opsPerSec: round(ops / seconds, 2),
    p50Ms: round(percentile(latencies, 0.5), 3),
    p99Ms: round(percentile(latencies, 0.99), 3),
    maxMs: round(ops ? latencies[ops - 1] : NaN, 3),
    roundOpsPerSec: runs.map((run) => round(run.ops / (Number(run.elapsedNs) / 1e9), 2)),
  };
}

/**
 * measured ÷ baseline. Round i of each variant ran back to back (A B or B A), so the ratio of each such
 * pair is measured under the same machine conditions; the reported ratio is their median, which a
 * burst of outside load in one round cannot move far. The ratio of the totals is kept alongside.
 */
export function pairedRatio(
  measured: LoadStats,
  baseline: LoadStats,
): { ratio: number; overall: number; perRound: number[] } {
  const perRound = measured.roundOpsPerSec.map((ops, i) => ops / baseline.roundOpsPerSec[i]);
  return {
    ratio: round(median(perRound), 3),
    overall: round(measured.opsPerSec / baseline.opsPerSec, 3),
    perRound: perRound.map((r) => round(r, 3)),
  };
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil(p * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export const round = (value: number, digits: number): number => Number(value.toFixed(digits));

/** A worker-indexed pick from a list, varying by iteration so workers do not move in lockstep. */
export const pickFor = <T>(items: readonly T[], worker: number, iteration: number): T =>
  items[(worker * 7919 + iteration * 104729) % items.length];

// ---------------------------------------------------------------------------------------------
// HTTP: a lean keep-alive JSON client, so the load generator (same process as the API) costs little.

export interface JsonClient {
  post<T>(
    path: string,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: T }>;
  close(): void;
}

export function jsonClient(baseUrl: string, maxSockets: number): JsonClient {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets });
  return {
    post<T>(path: string, body: unknown, headers: Record<string, string> = {}) {
      const payload = Buffer.from(JSON.stringify(body));
      return new Promise<{ status: number; body: T }>((resolve, reject) => {
        const req = request(
          {
            agent,
            host: url.hostname,
            port: url.port,
            path,
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'content-length': String(payload.length),
              ...headers,
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('error', reject);
            res.on('end', () => {
              try {
                resolve({
                  status: res.statusCode ?? 0,
                  body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as T,
                });
              } catch (error) {
                reject(error);
              }
            });
          },
        );
        req.on('error', reject);
        req.end(payload);
      });
    },
    close: () => agent.destroy(),
  };
}

// ---------------------------------------------------------------------------------------------
// Database

export interface BenchDatabase {
  ownerUrl: string;
  adminUrl: string;
  kind: 'embedded' | 'external';
  stop(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });

/**
 * A fresh, migrated database for the run, like the test setup: an embedded PostgreSQL on a free port
 * with a temporary data folder, or (with DATABASE_URL) a new database on that server. Points the
 * process configuration at it.
 */
export async function startBenchDatabase(log: (message: string) => void): Promise<BenchDatabase> {
  const external = process.env.DATABASE_URL;
  let server: EmbeddedServer | undefined;
  let tempDir: string | undefined;
  let adminUrl: string;
  if (external) {
    adminUrl = external;
  } else {
    tempDir = mkdtempSync(join(tmpdir(), 'service-desk-bench-'));
    const port = await freePort();
    log(`starting embedded PostgreSQL on port ${port}`);
    server = await startEmbeddedPostgres({ dataDir: join(tempDir, 'pg'), port });
    adminUrl = server.url('postgres');
  }
  const database = `sd_bench_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await ensureDatabase(adminUrl, database);
  const owner = new URL(adminUrl);
  owner.pathname = `/${database}`;
  const ownerUrl = owner.toString();

  process.env.DATABASE_URL = ownerUrl;
  if (process.env.DATABASE_APP_URL) {
    const app = new URL(process.env.DATABASE_APP_URL);
    app.pathname = `/${database}`;
    process.env.DATABASE_APP_URL = app.toString();
  }
  process.env.NODE_ENV = 'test';
  process.env.LOG_LEVEL = 'silent';
  process.env.SEED_DEMO = 'false';
  process.env.DATABASE_APP_PASSWORD ??= 'service-desk-app-dev';
  // Every benchmark login comes from one address and repeats the same accounts.
  process.env.LOGIN_MAX_ATTEMPTS_PER_ADDRESS = '1000000000';
  process.env.LOGIN_MAX_FAILURES_PER_ACCOUNT = '1000000000';
  reloadConfig();
  log(`migrating ${database}`);
  await migrate(ownerUrl, process.env.DATABASE_APP_PASSWORD);

  return {
    ownerUrl,
    adminUrl,
    kind: external ? 'external' : 'embedded',
    async stop() {
      if (server) {
        await server.stop();
        for (const dir of [server.dataDir, tempDir]) if (dir) rmSync(dir, { recursive: true, force: true });
        return;
      }
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}

/** A pool that is connected (all `size` connections open) before measuring starts. */
export async function warmPool(
  connectionString: string,
  size: number,
  applicationName: string,
): Promise<pg.Pool> {
  // idleTimeoutMillis 0: connections stay open while another variant's round runs.
  const pool = new pg.Pool({
    connectionString,
    max: size,
    idleTimeoutMillis: 0,
    application_name: applicationName,
  });
  const clients = await Promise.all(Array.from({ length: size }, () => pool.connect()));
  for (const client of clients) client.release();
  return pool;
}

/** Runs `work` in a transaction scoped to a tenant, the way the API's Database.asTenant does. */
export async function inTenant<T>(
  pool: pg.Pool,
  tenantId: string,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('app.tenant_id', $1, true), set_config('app.chain_id', $2, true)`, [
      tenantId,
      '',
    ]);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

// ---------------------------------------------------------------------------------------------
// Fixtures

export interface SeededUser {
  tenantId: string;
  id: string;
  email: string;
}

export interface SeededTenant {
  tenantId: string;
  /** Front-desk users (OWNER, SUPERVISOR, AGENT): full contact visibility, the same search SQL. */
  users: SeededUser[];
  customerIds: string[];
}

const FIRST = ['Anna', 'Ben', 'Chen', 'Dana', 'Emil', 'Fatima', 'Gao', 'Hana', 'Ivan', 'Jia', 'Karl', 'Lena'];
const LAST = ['Anderson', 'Brown', 'Chang', 'Dubois', 'Evans', 'Fischer', 'Garcia', 'Huang', 'Ito', 'Jensen'];

/** Search terms of varied selectivity (all letters, so the API never adds the phone condition). */
export const SEARCH_TERMS = [
  'an',
  'son',
  'Chen',
  'ria',
  'Lena Ito',
  'ang',
  'Karl',
  'isch',
  'Huang',
  'er',
  'ben b',
  'jia',
];

/**
 * Tenants from the shared fixture (one user per role), each with `customers` customers seeded by one
 * owner-role INSERT ... SELECT.
 */
export async function seedTenants(count: number, customers: number): Promise<SeededTenant[]> {
  const tenants: SeededTenant[] = [];
  for (let i = 0; i < count; i++) {
    const fixture = await createTenantFixture();
    const customerIds = await asOwner(fixture.tenantId, async (client) => {
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO customers (tenant_id, id, name, phone, member_number, tier, status)
         SELECT $1, gen_random_uuid(),
                ($2::text[])[1 + g % array_length($2::text[], 1)] || ' ' ||
                ($3::text[])[1 + (g / array_length($2::text[], 1)) % array_length($3::text[], 1)] || ' ' || g,
                '+86 139 ' || lpad(g::text, 8, '0'),
                'M-' || lpad(g::text, 7, '0'),
                (ARRAY['STANDARD', 'SILVER', 'GOLD', 'PREMIUM'])[1 + g % 4],
                'ACTIVE'
         FROM generate_series(1, $4::int) AS g
         RETURNING id`,
        [fixture.tenantId, FIRST, LAST, customers],
      );
      return rows.map((row) => row.id);
    });
    const users = (['OWNER', 'SUPERVISOR', 'AGENT'] as const).map((role) => ({
      tenantId: fixture.tenantId,
      id: fixture.users[role].id,
      email: fixture.users[role].email,
    }));
    tenants.push({ tenantId: fixture.tenantId, users, customerIds });
  }
  const owner = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await owner.connect();
  try {
    await owner.query('VACUUM ANALYZE customers');
    await owner.query('ANALYZE users');
    await owner.query('ANALYZE tenants');
  } finally {
    await owner.end();
  }
  return tenants;
}
