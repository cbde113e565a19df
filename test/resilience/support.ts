import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ownerUrl, PGBOSS_SCHEMA, type Queue } from '@service-desk/db';
import pg from 'pg';
import PgBoss from 'pg-boss';
import {
  connectLive,
  graphqlEventsFetcher,
  type LiveClient,
  type LiveEnvelope,
} from '@service-desk/live-client';

/** Real processes for the resilience suite: spawned from dist/ (build first), each in its own group. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const API_MAIN = join(repoRoot, 'dist', 'apps', 'api', 'src', 'main.js');
export const WORKER_MAIN = join(repoRoot, 'dist', 'apps', 'worker', 'src', 'main.js');
export const CLUSTER_MAIN = join(repoRoot, 'dist', 'tools', 'cluster.js');

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/** Polls a condition (bounded); the message names what was awaited and, through `context`, why not. */
export async function eventually(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
  context: () => string = () => '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${context()}`);
    await sleep(50);
  }
}

export interface Proc {
  name: string;
  child: ChildProcess;
  output(): string;
  /** True once the process has exited (by itself or killed). */
  exited(): boolean;
  /** Set by a test that kills it on purpose. */
  killed?: boolean;
}

/** Starts `node <main>` with the test's environment plus `env`, detached (its own process group). */
export function startProcess(name: string, main: string, env: Record<string, string>): Proc {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', ...env };
  delete childEnv.NODE_OPTIONS;
  const child = spawn(process.execPath, [main], {
    cwd: repoRoot,
    env: childEnv,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return {
    name,
    child,
    output: () => text,
    exited: () => child.exitCode !== null || child.signalCode !== null,
  };
}

/** SIGTERM (SIGINT for a launcher), then SIGKILL to the whole group after a grace period. */
export async function stopProcess(proc: Proc | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!proc) return;
  if (!proc.exited()) {
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      proc.child.once('exit', () => resolve());
      timer = setTimeout(resolve, 20_000);
      proc.child.kill(signal);
    });
    clearTimeout(timer);
  }
  try {
    process.kill(-proc.child.pid!, 'SIGKILL');
  } catch {
    // the group is gone
  }
}

/** Waits for a process's HTTP readiness, failing at once (with its output) if it exits. */
export async function waitHttp(proc: Proc, url: string, timeoutMs = 90_000): Promise<void> {
  await eventually(
    `${proc.name} at ${url}`,
    async () => {
      if (proc.exited()) throw new Error(`${proc.name} exited:\n${proc.output()}`);
      const response = await fetch(url).catch(() => null);
      return response?.status === 200;
    },
    timeoutMs,
    proc.output,
  );
}

/** A live-feed client that records every delivered seq (and gaps, errors and readies). */
export interface Watcher {
  client: LiveClient;
  delivered: number[];
  gaps: number;
  readies: number;
  /** Calls of the gap-filling fetch (the server is expected to deliver everything itself). */
  fills: number;
  startSeq: number;
}

export async function watchLive(
  url: string,
  token: string,
  socketOptions: Parameters<typeof connectLive>[0]['socketOptions'] = {},
): Promise<Watcher> {
  const fetchEvents = graphqlEventsFetcher({ url, token });
  // eslint-disable-next-line prefer-const -- assigned right below, used by the fetch wrapper
  let watcher: Watcher;
  const client = connectLive({
    url,
    token,
    fetchEvents: (since) => {
      watcher.fills++;
      return fetchEvents(since);
    },
    socketOptions,
    maxFillAttempts: 50,
  });
  watcher = { client, delivered: [], gaps: 0, readies: 0, fills: 0, startSeq: 0 };
  client.onEvent((envelope: LiveEnvelope) => watcher.delivered.push(envelope.seq));
  client.onGap(() => watcher.gaps++);
  client.onReady(() => watcher.readies++);
  watcher.startSeq = (await client.ready()).seq;
  return watcher;
}

export const range = (from: number, to: number) =>
  Array.from({ length: Math.max(to - from + 1, 0) }, (_, i) => from + i);

/** The value of a gauge/counter line in a Prometheus text exposition. */
export function metric(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : 0;
}

/** Sends one job (no singleton key: it really runs) as the owner of the configured database. */
export async function sendJob(queue: Queue, data: Record<string, unknown>): Promise<string> {
  const boss = new PgBoss({
    connectionString: ownerUrl(),
    schema: PGBOSS_SCHEMA,
    supervise: false,
    schedule: false,
    migrate: false,
  });
  boss.on('error', () => undefined);
  await boss.start();
  try {
    const id = await boss.send(queue, data);
    if (!id) throw new Error(`pg-boss refused the job for ${queue}`);
    return id;
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

/** A job's state (created, active, completed, failed, ...), read as the owner. */
export async function jobStateOf(queue: Queue, id: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: ownerUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ state: string }>(
      `SELECT state FROM ${PGBOSS_SCHEMA}.job WHERE name = $1 AND id = $2`,
      [queue, id],
    );
    return rows[0]?.state;
  } finally {
    await client.end();
  }
}
