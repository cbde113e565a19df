import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newId } from '@service-desk/core';
import { PGBOSS_SCHEMA, Queue } from '@service-desk/db';
import { asOwner, createTenantFixture, type TenantFixture } from '@service-desk/testing';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { acquireWorkerLock, releaseWorkerLock, WORKER_LOCK_TIMEOUT } from '../support/worker-lock.js';

/**
 * The real worker process (dist/apps/worker/src/main.js) against the test database: its schedule is
 * registered, a per-tenant token-cleanup job deletes expired refresh tokens of that tenant only, and the
 * fan-out job reaches every store tenant.
 */
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const WORKER = join(repoRoot, 'dist', 'apps', 'worker', 'src', 'main.js');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * How long the cleanup may take. The worker fetches one job per queue per polling interval (2 s), and the
 * fan-out enqueues one job per store tenant in the database (every test file adds some), so the budget
 * grows with their number.
 */
async function cleanupBudgetMs(): Promise<number> {
  const [{ n }] = await ownerQuery<{ n: number }>(
    `SELECT count(*)::int AS n FROM tenants WHERE kind = 'STORE'`,
  );
  return 30_000 + 2_500 * n;
}

/** Polls until the check holds; fails with the description after the deadline. */
async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (worker.exitCode !== null || worker.signalCode !== null) {
      throw new Error(
        `the worker exited (${worker.exitCode ?? worker.signalCode}) while waiting for ${what}:\n${workerOutput}`,
      );
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}:\n${workerOutput}`);
    await sleep(250);
  }
}

async function ownerQuery<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** One refresh token of the tenant's agent that expired 30 days ago and one that is still valid. */
async function insertTokens(fixture: TenantFixture): Promise<{ expired: string; valid: string }> {
  const expired = newId();
  const valid = newId();
  await asOwner(fixture.tenantId, async (client) => {
    const insert = `INSERT INTO refresh_tokens (tenant_id, id, user_id, family_id, token_hash, expires_at, created_at)
                    VALUES ($1, $2, $3, $4, $5, now() + make_interval(days => $6), now() - interval '60 days')`;
    await client.query(insert, [
      fixture.tenantId,
      expired,
      fixture.users.AGENT.id,
      newId(),
      `hash-${expired}`,
      -30,
    ]);
    await client.query(insert, [
      fixture.tenantId,
      valid,
      fixture.users.AGENT.id,
      newId(),
      `hash-${valid}`,
      20,
    ]);
  });
  return { expired, valid };
}

const tokenExists = (fixture: TenantFixture, id: string) =>
  asOwner(fixture.tenantId, async (client) => {
    const { rows } = await client.query('SELECT 1 FROM refresh_tokens WHERE tenant_id = $1 AND id = $2', [
      fixture.tenantId,
      id,
    ]);
    return rows.length === 1;
  });

async function send(queue: Queue, data: Record<string, unknown>): Promise<void> {
  const boss = new PgBoss({
    connectionString: process.env.DATABASE_URL,
    schema: PGBOSS_SCHEMA,
    supervise: false,
    schedule: false,
    migrate: false,
  });
  boss.on('error', () => undefined);
  await boss.start();
  try {
    const id = await boss.send(queue, data);
    if (!id) throw new Error(`pg-boss did not accept the job for ${queue}`);
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

let worker: ChildProcess;
let workerOutput = '';

// Worker processes of other test files must not take this file's jobs (see worker-lock.ts).
beforeAll(() => acquireWorkerLock(), WORKER_LOCK_TIMEOUT);

beforeAll(async () => {
  // The schedule must come from this worker, not from an earlier run on the same database.
  await ownerQuery(`DELETE FROM ${PGBOSS_SCHEMA}.schedule WHERE name = $1`, [Queue.TokenCleanupSchedule]);
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
  delete env.NODE_OPTIONS;
  worker = spawn(process.execPath, [WORKER], {
    cwd: repoRoot,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  worker.stdout!.on('data', (chunk: Buffer) => (workerOutput += chunk.toString()));
  worker.stderr!.on('data', (chunk: Buffer) => (workerOutput += chunk.toString()));
});

afterAll(async () => {
  if (!worker || worker.exitCode !== null || worker.signalCode !== null) return;
  let timer: NodeJS.Timeout | undefined;
  const stopped = await new Promise<boolean>((resolve) => {
    worker.once('exit', () => resolve(true));
    timer = setTimeout(() => resolve(false), 15_000);
    worker.kill('SIGTERM');
  });
  clearTimeout(timer);
  if (!stopped) {
    try {
      process.kill(-worker.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

describe('worker: refresh-token cleanup (pg-boss)', () => {
  it('registers the hourly fan-out schedule on start', async () => {
    await eventually(`the ${Queue.TokenCleanupSchedule} schedule`, async () => {
      const rows = await ownerQuery(`SELECT cron FROM ${PGBOSS_SCHEMA}.schedule WHERE name = $1`, [
        Queue.TokenCleanupSchedule,
      ]);
      return rows.length === 1;
    });
  });

  it('a tenant job deletes the expired refresh token and keeps the valid one', async () => {
    const tenant = await createTenantFixture();
    const other = await createTenantFixture();
    const mine = await insertTokens(tenant);
    const theirs = await insertTokens(other);

    await send(Queue.TokenCleanup, { tenantId: tenant.tenantId });
    await eventually(
      'the expired token to be deleted',
      async () => !(await tokenExists(tenant, mine.expired)),
      await cleanupBudgetMs(),
    );

    expect(await tokenExists(tenant, mine.valid)).toBe(true);
    // The job ran under the tenant's RLS scope: another tenant's expired token is untouched.
    expect(await tokenExists(other, theirs.expired)).toBe(true);
  }, 600_000);

  it('the fan-out job cleans every store tenant', async () => {
    const first = await createTenantFixture();
    const second = await createTenantFixture();
    const a = await insertTokens(first);
    const b = await insertTokens(second);

    await send(Queue.TokenCleanupSchedule, {});
    await eventually(
      "both tenants' expired tokens to be deleted",
      async () => !(await tokenExists(first, a.expired)) && !(await tokenExists(second, b.expired)),
      await cleanupBudgetMs(),
    );

    expect(await tokenExists(first, a.valid)).toBe(true);
    expect(await tokenExists(second, b.valid)).toBe(true);
  }, 600_000);
});

// Declared last, so it runs after every other hook has stopped this file's workers.
afterAll(() => releaseWorkerLock());
