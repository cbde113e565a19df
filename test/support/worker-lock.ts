import { ownerUrl } from '@service-desk/db';
import pg from 'pg';

/** Advisory lock key held by a test file while its worker processes run. */
const WORKER_TESTS_LOCK = 7_240_611;

let holder: pg.Client | undefined;

/**
 * Test files that start real worker processes share the database's job queues, so a worker started by
 * one file (with its own configuration: SMTP sink, batch sizes, worker id) would take the jobs another
 * file is waiting for. Such files run one at a time: each holds this session-level advisory lock from
 * its first hook to its last. Register `acquireWorkerLock` before any other hook and
 * `releaseWorkerLock` after every other one (Jest runs after-hooks in declaration order).
 */
export async function acquireWorkerLock(): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl(), application_name: 'worker-tests-lock' });
  await client.connect();
  await client.query('SELECT pg_advisory_lock($1)', [WORKER_TESTS_LOCK]);
  holder = client;
}

export async function releaseWorkerLock(): Promise<void> {
  const client = holder;
  holder = undefined;
  // Closing the session releases the lock.
  await client?.end();
}

/** How long a file may wait for the others (the slowest, the campaign kill test, takes minutes). */
export const WORKER_LOCK_TIMEOUT = 15 * 60_000;
