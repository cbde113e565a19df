import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Role } from '@service-desk/core';
import pg from 'pg';
import { type ApiHarness, startApi } from '../support/api.js';
import { acquireWorkerLock, releaseWorkerLock, WORKER_LOCK_TIMEOUT } from '../support/worker-lock.js';

/**
 * DESIGN section 10: the real worker process (dist/apps/worker/src/main.js) is killed with SIGKILL three
 * times during a 20,000-customer win-back campaign and restarted each time; when the campaign completes,
 * every eligible customer has exactly one revisit and the ineligible ones (no consent, recently
 * contacted, wrong status) none. Kill points are deterministic: the test waits until the campaign's
 * progress lies between bounds, checks the worker holds the campaign, then kills it.
 */
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const WORKER = join(repoRoot, 'dist', 'apps', 'worker', 'src', 'main.js');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const CUSTOMERS = 20_000;
/** Customer i falls in bucket i mod 20: 0–13 eligible, 14–15 no consent, 16 ACTIVE, 17 AT_RISK, 18–19 contacted. */
const ELIGIBLE = (CUSTOMERS / 20) * 14;
/** Small batches make the run long enough to stop it at chosen points. */
const BATCH_SIZE = 200;
/** Kill when the created revisits lie in [low, low + span): three points spread over the run. */
const KILL_POINTS = [2_000, 6_000, 10_000];
const KILL_SPAN = 3_000;
const LOCK_NAMESPACE = 7351320;
const WORKER_ID = `campaign-kill-test-${process.pid}`;

let worker: ChildProcess | undefined;
let output = '';

async function ownerQuery<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const alive = (child: ChildProcess | undefined) =>
  !!child && child.exitCode === null && child.signalCode === null;

/** Polls until the check holds; fails with the description (and the worker's output) after the deadline. */
async function eventually(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 250,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (worker && !alive(worker) && worker.signalCode !== 'SIGKILL') {
      throw new Error(
        `the worker exited (${worker.exitCode ?? worker.signalCode}) while waiting for ${what}:\n${output}`,
      );
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}:\n${output}`);
    await sleep(everyMs);
  }
}

function startWorker(): ChildProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LOG_LEVEL: 'info',
    CAMPAIGN_BATCH_SIZE: String(BATCH_SIZE),
    // The same identity across restarts: the campaign's lease stays ours, not another test's worker's.
    WORKER_ID,
  };
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, [WORKER], {
    cwd: repoRoot,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  output += `--- worker ${child.pid} started\n`;
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return child;
}

async function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (!alive(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 15_000)))]);
  clearTimeout(timer);
}

async function progress(tenantId: string, id: string) {
  const [row] = await ownerQuery<{ state: string; targeted: number; scanned: number; runner: string | null }>(
    `SELECT state, targeted_count AS targeted, scanned_count AS scanned, runner FROM campaigns WHERE tenant_id = $1 AND id = $2`,
    [tenantId, id],
  );
  return row;
}

/** Whether some session holds the campaign's run lock (the worker's; it dies with the process). */
async function runLockHeld(campaignId: string): Promise<boolean> {
  const objid = Number.parseInt(campaignId.replace(/-/g, '').slice(-8), 16);
  const rows = await ownerQuery(
    `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = $1 AND objid = $2 AND objsubid = 2`,
    [LOCK_NAMESPACE, objid],
  );
  return rows.length > 0;
}

/** Other test files may run workers on the same database; wait until none polls, so ours runs the campaign. */
async function noOtherWorker(): Promise<boolean> {
  const rows = await ownerQuery<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
     WHERE datname = current_database() AND pid <> pg_backend_pid()
       AND query ILIKE '%pgboss%' AND query ILIKE '%SKIP LOCKED%' AND state_change > now() - interval '4 seconds'`,
  );
  return rows[0].n === 0;
}

// Worker processes of other test files must not take this file's jobs (see worker-lock.ts).
beforeAll(() => acquireWorkerLock(), WORKER_LOCK_TIMEOUT);

afterAll(async () => {
  if (worker) await kill(worker, 'SIGKILL');
});

describe('worker: SIGKILL three times during a win-back campaign', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api?.close());

  it('gives every eligible customer exactly one revisit and the others none', async () => {
    const t = await api.tenant();
    const tenantId = t.tenantId;
    // The customers, set-based; the bucket is in the name so the check at the end knows who is who.
    await ownerQuery(
      `WITH data AS (
         SELECT i, i % 20 AS bucket FROM generate_series(0, $2::int - 1) AS i
       ), inserted AS (
         INSERT INTO customers (tenant_id, id, name, consent_to_contact, status, last_visit_at, created_at)
         SELECT $1, gen_random_uuid(), 'bucket-' || bucket || '-' || i, bucket NOT IN (14, 15),
                CASE bucket WHEN 16 THEN 'ACTIVE' WHEN 17 THEN 'AT_RISK' ELSE 'CHURNED' END,
                -- Last visits consistent with each status, so the worker's nightly churn detection keeps them.
                now() - CASE bucket WHEN 16 THEN interval '5 days' WHEN 17 THEN interval '45 days' ELSE interval '200 days' END,
                now() - interval '2 years'
         FROM data RETURNING id, name
       )
       INSERT INTO revisit_tasks (tenant_id, id, type, customer_id, due_at, created_at)
       SELECT $1, gen_random_uuid(), 'MAINTENANCE', id, now(), now() - interval '5 days'
       FROM inserted WHERE split_part(name, '-', 2)::int IN (18, 19)`,
      [tenantId, CUSTOMERS],
    );

    await eventually('other test workers to stop polling the job queue', noOtherWorker, 240_000, 1_000);
    worker = startWorker();
    await eventually('the worker to start', async () => output.includes('worker started'), 60_000);

    const owner = await t.token(Role.OWNER);
    const launched = await api.gql(
      'mutation($input: LaunchWinbackCampaignInput!) { launchWinbackCampaign(input: $input) { id state } }',
      {
        input: {
          name: '流失客户回访 (kill test)',
          agentIds: [t.users.AGENT.id, t.users.SUPERVISOR.id, t.users.OWNER.id],
          dailyCapPerAgent: 500,
          noContactDays: 30,
        },
      },
      owner,
    );
    expect(launched.errors).toBeUndefined();
    const campaignId: string = launched.data!.launchWinbackCampaign.id;

    const killedAt: number[] = [];
    for (const low of KILL_POINTS) {
      await eventually(
        `at least ${low} revisits before the kill`,
        async () => {
          const now = await progress(tenantId, campaignId);
          return now.targeted >= low && now.runner === WORKER_ID && (await runLockHeld(campaignId));
        },
        120_000,
        20,
      );
      await kill(worker, 'SIGKILL');
      const at = await progress(tenantId, campaignId);
      // Killed mid-run, inside the bounds: not finished, and its lock went with the process.
      expect(at.state).toBe('RUNNING');
      expect(at.targeted).toBeGreaterThanOrEqual(low);
      expect(at.targeted).toBeLessThan(low + KILL_SPAN);
      await eventually(
        'the killed worker to release the campaign',
        async () => !(await runLockHeld(campaignId)),
        10_000,
      );
      killedAt.push(at.targeted);
      worker = startWorker();
    }

    await eventually(
      'the campaign to complete after the third restart',
      async () => (await progress(tenantId, campaignId)).state === 'COMPLETED',
      180_000,
    );
    expect(killedAt).toHaveLength(3);

    const final = await progress(tenantId, campaignId);
    expect(final).toEqual({ state: 'COMPLETED', targeted: ELIGIBLE, scanned: CUSTOMERS, runner: WORKER_ID });
    const perBucket = await ownerQuery<{ bucket: number; customers: number; revisits: number; most: number }>(
      `SELECT split_part(c.name, '-', 2)::int AS bucket, count(DISTINCT c.id)::int AS customers,
              count(r.id)::int AS revisits,
              coalesce(max(per.n), 0)::int AS most
       FROM customers c
       LEFT JOIN revisit_tasks r ON r.tenant_id = c.tenant_id AND r.customer_id = c.id AND r.campaign_id = $2
       LEFT JOIN LATERAL (
         SELECT count(*) AS n FROM revisit_tasks x
         WHERE x.tenant_id = c.tenant_id AND x.customer_id = c.id AND x.type = 'CHURN_WINBACK'
       ) per ON true
       WHERE c.tenant_id = $1
       GROUP BY 1 ORDER BY 1`,
      [tenantId, campaignId],
    );
    for (const row of perBucket) {
      const eligible = row.bucket <= 13;
      expect({ bucket: row.bucket, revisits: row.revisits, most: row.most }).toEqual({
        bucket: row.bucket,
        revisits: eligible ? row.customers : 0,
        most: eligible ? 1 : 0,
      });
    }
    // Balanced across the pool, within the daily cap.
    const load = await ownerQuery<{ most: number; least: number }>(
      `SELECT max(n)::int AS most, min(n)::int AS least FROM (
         SELECT assignee_id, due_at, count(*) AS n FROM revisit_tasks
         WHERE tenant_id = $1 AND campaign_id = $2 GROUP BY assignee_id, due_at) per_day`,
      [tenantId, campaignId],
    );
    expect(load[0].most).toBeLessThanOrEqual(500);
    const events = await ownerQuery<{ type: string; n: number }>(
      `SELECT type, count(*)::int AS n FROM tenant_events WHERE tenant_id = $1 AND entity_id = $2 GROUP BY type ORDER BY type`,
      [tenantId, campaignId],
    );
    expect(events.filter((e) => e.type !== 'campaign.progress')).toEqual([
      { type: 'campaign.completed', n: 1 },
      { type: 'campaign.launched', n: 1 },
    ]);
    // One progress event per committed batch: 100 batches of 200 customers, the last one completes.
    expect(events.find((e) => e.type === 'campaign.progress')?.n).toBe(CUSTOMERS / BATCH_SIZE);
  }, 600_000);
});

// Declared last, so it runs after every other hook has stopped this file's workers.
afterAll(() => releaseWorkerLock());
