import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Role } from '@service-desk/core';
import { asOwner } from '@service-desk/testing';
// Row builders shared with the library's own integration tests.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { PerformanceRows } from '../../libs/performance/src/testing/performance-rows.js';
import { type ApiHarness, startApi } from '../support/api.js';
import { acquireWorkerLock, releaseWorkerLock, WORKER_LOCK_TIMEOUT } from '../support/worker-lock.js';

/**
 * computeScorecards end to end: the API queues the job in its transaction, the real worker process
 * (dist/apps/worker/src/main.js) picks it up and writes the period's draft scorecards.
 */
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const WORKER = join(repoRoot, 'dist', 'apps', 'worker', 'src', 'main.js');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let worker: ChildProcess;
let workerOutput = '';
let api: ApiHarness;

// Worker processes of other test files must not take this file's jobs (see worker-lock.ts).
beforeAll(() => acquireWorkerLock(), WORKER_LOCK_TIMEOUT);

beforeAll(async () => {
  api = await startApi();
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
  await api?.close();
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

describe('worker: scorecard computation', () => {
  it('computes the drafts of a period queued through the API', async () => {
    const t = await api.tenant();
    const created = await api.gql(
      'mutation($input: CreatePerformancePeriodInput!) { createPerformancePeriod(input: $input) { id } }',
      { input: { label: '2026-02', startsOn: '2026-02-01', endsOn: '2026-02-28' } },
      await t.token(Role.OWNER),
    );
    const periodId: string = created.data?.createPerformancePeriod.id;
    await asOwner(t.tenantId, async (client) => {
      const rows = new PerformanceRows(client, t.tenantId);
      const scale = await rows.barsScale('EMPATHY', 1);
      await rows.rating(t.users.AGENT.id, scale, 5, t.users.SUPERVISOR.id, '2026-02-10T04:00:00Z');
    });
    const queued = await api.gql(
      'mutation($input: PeriodIdInput!) { computeScorecards(input: $input) { jobId } }',
      { input: { periodId } },
      await t.token(Role.HR),
    );
    expect(queued.errors).toBeUndefined();

    const cards = () =>
      asOwner(t.tenantId, async (client) => {
        const { rows } = await client.query<{
          staff_id: string;
          behaviour_score: string | null;
          state: string;
        }>(
          `SELECT staff_id, behaviour_score, state FROM scorecards WHERE tenant_id = $1 AND period_id = $2`,
          [t.tenantId, periodId],
        );
        return rows;
      });
    const deadline = Date.now() + 120_000;
    while ((await cards()).length === 0) {
      if (worker.exitCode !== null || worker.signalCode !== null)
        throw new Error(`the worker exited:\n${workerOutput}`);
      if (Date.now() > deadline) throw new Error(`no scorecards after 120 s:\n${workerOutput}`);
      await sleep(250);
    }
    const all = await cards();
    expect(all).toHaveLength(3);
    expect(all.every((card) => card.state === 'DRAFT')).toBe(true);
    expect(all.find((card) => card.staff_id === t.users.AGENT.id)?.behaviour_score).toBe('100.00');
  }, 180_000);
});

// Declared last, so it runs after every other hook has stopped this file's workers.
afterAll(() => releaseWorkerLock());
