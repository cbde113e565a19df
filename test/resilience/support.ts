import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
  startSeq: number;
}

export async function watchLive(
  url: string,
  token: string,
  socketOptions: Parameters<typeof connectLive>[0]['socketOptions'] = {},
): Promise<Watcher> {
  const client = connectLive({
    url,
    token,
    fetchEvents: graphqlEventsFetcher({ url, token }),
    socketOptions,
    maxFillAttempts: 50,
  });
  const watcher: Watcher = { client, delivered: [], gaps: 0, readies: 0, startSeq: 0 };
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
