import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Role } from '@service-desk/core';
import { PGBOSS_SCHEMA, Queue } from '@service-desk/db';
import { asOwner } from '@service-desk/testing';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { type ApiHarness, startApi } from '../support/api.js';
import { acquireWorkerLock, releaseWorkerLock, WORKER_LOCK_TIMEOUT } from '../support/worker-lock.js';

/**
 * The SLA monitor in two real worker processes (dist/apps/worker/src/main.js) on the test database:
 * duplicate per-tenant jobs, possibly running at the same time in both workers, warn once at 80 %,
 * and on a breach escalate once to the supervisor.
 */
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const WORKER = join(repoRoot, 'dist', 'apps', 'worker', 'src', 'main.js');
/** Each worker connects under its own application name, so the test can see that both are polling. */
const WORKER_NAMES = ['sla-worker-a', 'sla-worker-b'];
const DUPLICATES = 4;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Worker {
  name: string;
  process: ChildProcess;
  output: string;
}
const workers: Worker[] = [];
const outputs = () => workers.map((w) => `--- ${w.name}:\n${w.output}`).join('\n');

async function ownerQuery<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Polls until the check holds; fails with the description (and the workers' output) after the deadline. */
async function eventually(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    const dead = workers.find((w) => w.process.exitCode !== null || w.process.signalCode !== null);
    if (dead) {
      throw new Error(
        `${dead.name} exited (${dead.process.exitCode ?? dead.process.signalCode}) while waiting for ${what}:\n${outputs()}`,
      );
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}:\n${outputs()}`);
    await sleep(250);
  }
}

/**
 * How long the jobs may take. The workers' every-minute schedule also fans out one monitor job per store
 * tenant in the database (every test file adds some), and ours queue behind those.
 */
async function budgetMs(): Promise<number> {
  const [{ n }] = await ownerQuery<{ n: number }>(
    `SELECT count(*)::int AS n FROM tenants WHERE kind = 'STORE'`,
  );
  return 60_000 + 500 * n;
}

function startWorker(name: string): Worker {
  const url = new URL(process.env.DATABASE_URL!);
  url.searchParams.set('application_name', name);
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url.toString(), LOG_LEVEL: 'warn' };
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, [WORKER], {
    cwd: repoRoot,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const worker: Worker = { name, process: child, output: '' };
  child.stdout!.on('data', (chunk: Buffer) => (worker.output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (worker.output += chunk.toString()));
  return worker;
}

/** SIGTERM, then SIGKILL to the process group when it has not exited within the grace period. */
async function stopWorker(worker: Worker): Promise<void> {
  const child = worker.process;
  if (child.exitCode !== null || child.signalCode !== null) return;
  let timer: NodeJS.Timeout | undefined;
  const stopped = await new Promise<boolean>((resolve) => {
    child.once('exit', () => resolve(true));
    timer = setTimeout(() => resolve(false), 15_000);
    child.kill('SIGTERM');
  });
  clearTimeout(timer);
  if (!stopped) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Sends the jobs at once, without a singleton key: every duplicate really runs. */
async function sendJobs(queue: Queue, data: Record<string, unknown>, count: number): Promise<string[]> {
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
    const ids = await Promise.all(Array.from({ length: count }, () => boss.send(queue, data)));
    if (ids.some((id) => !id)) throw new Error(`pg-boss did not accept every job for ${queue}`);
    return ids as string[];
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

// Worker processes of other test files must not take this file's jobs (see worker-lock.ts).
beforeAll(() => acquireWorkerLock(), WORKER_LOCK_TIMEOUT);

beforeAll(() => {
  for (const name of WORKER_NAMES) workers.push(startWorker(name));
});

afterAll(async () => {
  await Promise.all(workers.map(stopWorker));
});

describe('worker: SLA monitor in two workers (pg-boss)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api?.close());

  it('duplicate monitor jobs warn once and escalate a breach once, to the supervisor', async () => {
    const t = await api.tenant();
    const agent = await t.token(Role.AGENT);
    const submit = async (title: string) => {
      const result = await api.gql(
        'mutation($input: SubmitComplaintInput!) { submitComplaint(input: $input) { id handlerId } }',
        {
          input: {
            contactName: '张先生',
            contactPhone: '13700001234',
            channel: 'PHONE',
            category: 'SERVICE_ATTITUDE',
            title,
            description: '前台服务态度很差',
          },
        },
        agent,
      );
      if (!result.data) throw new Error(JSON.stringify(result.errors));
      return result.data.submitComplaint as { id: string; handlerId: string };
    };
    /** Moves a complaint's clocks into the past, as if it had been received `hours` ago. */
    const age = (id: string, hours: number) =>
      asOwner(t.tenantId, (client) =>
        client.query(
          `UPDATE complaints SET received_at = received_at - make_interval(hours => $3), clock_started_at = clock_started_at - make_interval(hours => $3),
             first_reply_due_at = first_reply_due_at - make_interval(hours => $3), first_reply_warn_at = first_reply_warn_at - make_interval(hours => $3),
             resolution_due_at = resolution_due_at - make_interval(hours => $3), resolution_warn_at = resolution_warn_at - make_interval(hours => $3)
           WHERE tenant_id = $1 AND id = $2`,
          [t.tenantId, id, hours],
        ),
      );
    const events = (id: string) =>
      asOwner(t.tenantId, async (client) => {
        const { rows } = await client.query(
          `SELECT type, data FROM tenant_events WHERE tenant_id = $1 AND entity_id = $2 ORDER BY seq`,
          [t.tenantId, id],
        );
        return rows as Array<{ type: string; data: Record<string, unknown> }>;
      });
    const ofType = async (id: string, type: string) => (await events(id)).filter((e) => e.type === type);

    // Defaults: first reply 24 h (warning at 19.2 h), resolution 48 h (warning at 38.4 h).
    const warned = await submit('Received 20 hours ago: past 80 % of the first-reply time');
    const breached = await submit('Received 30 hours ago: past the first-reply deadline');
    const fresh = await submit('Just received');
    await age(warned.id, 20);
    await age(breached.id, 30);
    expect(breached.handlerId).toBe(t.users.AGENT.id);

    // Both workers poll their queues before the jobs go out, so that the duplicates can meet.
    await eventually(
      'both workers to poll pg-boss',
      async () => {
        const [{ n }] = await ownerQuery<{ n: number }>(
          `SELECT count(DISTINCT application_name)::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND application_name = ANY($1) AND query LIKE '%SKIP LOCKED%'`,
          [WORKER_NAMES],
        );
        return n === WORKER_NAMES.length;
      },
      60_000,
    );
    // Hold the two complaints' rows while the first jobs start: each job then waits in its first UPDATE.
    // Once both workers wait, the rows are released and the two race for them; the remaining
    // duplicates run after them.
    const lock = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await lock.connect();
    const jobIds: string[] = [];
    try {
      await lock.query('BEGIN');
      await lock.query(`SELECT id FROM complaints WHERE tenant_id = $1 AND id = ANY($2::uuid[]) FOR UPDATE`, [
        t.tenantId,
        [warned.id, breached.id],
      ]);
      /** Workers with a job of this tenant that waits for the held rows (or for a job waiting for them). */
      const waiting = async () => {
        const [{ n }] = await ownerQuery<{ n: number }>(
          `SELECT count(DISTINCT application_name)::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND application_name = ANY($1) AND cardinality(pg_blocking_pids(pid)) > 0`,
          [WORKER_NAMES],
        );
        return n;
      };
      const queued = async () => {
        const [{ n }] = await ownerQuery<{ n: number }>(
          `SELECT count(*)::int AS n FROM ${PGBOSS_SCHEMA}.job WHERE name = $1 AND state = 'created' AND data->>'tenantId' = $2`,
          [Queue.SlaMonitor, t.tenantId],
        );
        return n;
      };
      // One job at a time, until both workers wait (a job taken by a third process, such as the worker of
      // another test file running at the same time, is simply followed by another one).
      await eventually(
        'both workers to be inside a monitor job of this tenant',
        async () => {
          if ((await waiting()) === WORKER_NAMES.length) return true;
          if ((await queued()) === 0)
            jobIds.push(...(await sendJobs(Queue.SlaMonitor, { tenantId: t.tenantId }, 1)));
          return false;
        },
        await budgetMs(),
      );
      if (jobIds.length < DUPLICATES)
        jobIds.push(
          ...(await sendJobs(Queue.SlaMonitor, { tenantId: t.tenantId }, DUPLICATES - jobIds.length)),
        );
      // Nothing was written while the rows were held.
      expect(await ofType(warned.id, 'sla.warning')).toEqual([]);
    } finally {
      await lock.query('COMMIT').catch(() => undefined);
      await lock.end();
    }

    const jobStates = async () =>
      ownerQuery<{ id: string; state: string; data: { tenantId?: string } }>(
        `SELECT id, state, data FROM ${PGBOSS_SCHEMA}.job WHERE name = $1 AND id = ANY($2::uuid[])`,
        [Queue.SlaMonitor, jobIds],
      );
    await eventually(
      `the warning, the escalation and ${jobIds.length} completed jobs`,
      async () => {
        const states = await jobStates();
        const failed = states.filter((job) => job.state === 'failed');
        if (failed.length > 0) throw new Error(`jobs failed: ${JSON.stringify(failed)}\n${outputs()}`);
        return (
          (await ofType(warned.id, 'sla.warning')).length > 0 &&
          (await ofType(breached.id, 'complaint.escalated')).length > 0 &&
          states.length === jobIds.length &&
          states.every((job) => job.state === 'completed')
        );
      },
      await budgetMs(),
    );

    // Every duplicate ran to completion, for this tenant.
    const states = await jobStates();
    expect(states.map((job) => [job.state, job.data.tenantId])).toEqual(
      Array(jobIds.length).fill(['completed', t.tenantId]),
    );

    // One warning for the first complaint (first-reply clock), no breach, no escalation.
    const warning = await ofType(warned.id, 'sla.warning');
    expect(warning).toHaveLength(1);
    expect(warning[0].data).toMatchObject({ clock: 'FIRST_REPLY' });
    expect(await ofType(warned.id, 'sla.breached')).toEqual([]);
    expect(await ofType(warned.id, 'complaint.escalated')).toEqual([]);

    // One breach and one escalation for the second, now handled by the supervisor.
    const breach = await ofType(breached.id, 'sla.breached');
    expect(breach).toHaveLength(1);
    expect(breach[0].data).toMatchObject({ clock: 'FIRST_REPLY' });
    expect(await ofType(breached.id, 'sla.warning')).toEqual([]);
    const escalation = await ofType(breached.id, 'complaint.escalated');
    expect(escalation).toHaveLength(1);
    expect(escalation[0].data).toMatchObject({
      level: 1,
      handlerId: t.users.SUPERVISOR.id,
      bySystem: true,
    });
    const [{ n: escalationRows }] = await asOwner(
      t.tenantId,
      async (client) =>
        (
          await client.query(
            `SELECT count(*)::int AS n FROM complaint_escalations WHERE tenant_id = $1 AND complaint_id = $2`,
            [t.tenantId, breached.id],
          )
        ).rows,
    );
    expect(escalationRows).toBe(1);
    const now = await api.gql(
      'query($id: ID!) { complaint(id: $id) { handlerId escalationLevel } }',
      { id: breached.id },
      agent,
    );
    expect(now.data?.complaint).toMatchObject({ handlerId: t.users.SUPERVISOR.id, escalationLevel: 1 });

    // The fresh complaint is untouched.
    expect((await events(fresh.id)).map((e) => e.type)).toEqual(['complaint.submitted']);
  }, 600_000);
});

// Declared last, so it runs after every other hook has stopped this file's workers.
afterAll(() => releaseWorkerLock());
