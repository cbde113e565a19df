import { afterAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configSchema } from '@service-desk/core';
import { graphql, randomClientAddress } from '@service-desk/testing';

/**
 * The README's quick start, for real: `npm start` on a fresh data folder with no DATABASE_URL
 * (embedded PostgreSQL, migrations, demo seed, API and worker), a demo login, Ctrl-C, and a restart on
 * the same folder that keeps the data and does not seed again.
 */
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BANNER = 'Service Desk is running.';
const DEMO_PASSWORD = 'demo-pass-2026';
const LOGIN =
  'mutation($input: LoginInput!) { login(input: $input) { accessToken user { email role } tenant { slug kind } } }';
const CUSTOMERS = '{ customers(first: 5) { edges { node { id name } } pageInfo { hasNextPage } } }';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** True while any process of the group is alive. */
const groupAlive = (pgid: number) => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

interface Launch {
  child: ChildProcess;
  output: () => string;
}

const launches: Launch[] = [];

/** `npm start` in its own process group, as a terminal would run it. */
function npmStart(env: NodeJS.ProcessEnv): Launch {
  const child = spawn('npm', ['start'], {
    cwd: repoRoot,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const launch = { child, output: () => text };
  launches.push(launch);
  return launch;
}

async function waitForBanner(launch: Launch, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!launch.output().includes(BANNER)) {
    if (launch.child.exitCode !== null || launch.child.signalCode !== null) {
      throw new Error(
        `npm start exited (${launch.child.exitCode ?? launch.child.signalCode}) before the banner:\n${launch.output()}`,
      );
    }
    if (Date.now() > deadline)
      throw new Error(`npm start printed no banner within ${timeoutMs / 1000} s:\n${launch.output()}`);
    await sleep(250);
  }
}

/** Ctrl-C: SIGINT to the whole process group, then wait (bounded) until every process of it is gone. */
async function interrupt(launch: Launch, timeoutMs = 30_000): Promise<void> {
  const pgid = launch.child.pid!;
  if (groupAlive(pgid)) process.kill(-pgid, 'SIGINT');
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pgid)) {
    if (Date.now() > deadline)
      throw new Error(`npm start did not stop within ${timeoutMs / 1000} s of SIGINT:\n${launch.output()}`);
    await sleep(200);
  }
}

async function login(base: string, email: string) {
  const result = await graphql(
    base,
    LOGIN,
    { input: { email, password: DEMO_PASSWORD } },
    undefined,
    randomClientAddress(),
  );
  if (!result.data?.login) throw new Error(`login as ${email} failed: ${JSON.stringify(result.errors)}`);
  return result.data.login as {
    accessToken: string;
    user: { email: string; role: string };
    tenant: { slug: string; kind: string };
  };
}

const dataRoot = mkdtempSync(join(tmpdir(), 'service-desk-start-'));
// The embedded server may run as another user (when tests run as root): it must reach the folder.
chmodSync(dataRoot, 0o755);

afterAll(async () => {
  for (const launch of launches) {
    const pgid = launch.child.pid;
    if (pgid && groupAlive(pgid)) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  // A SIGKILLed group leaves the database server to exit on its own; give it a moment.
  await sleep(launches.some((l) => l.child.exitCode === null && l.child.signalCode === null) ? 2000 : 0);
  rmSync(dataRoot, { recursive: true, force: true });
});

describe('npm start (README quick start)', () => {
  it('starts on a fresh data folder, serves the demo logins, stops on Ctrl-C and restarts without seeding again', async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env };
    // A newcomer's shell: none of the service's variables, except what keeps this run apart.
    for (const name of Object.keys(configSchema.shape)) delete env[name];
    delete env.NODE_OPTIONS;
    Object.assign(env, {
      DATA_DIR: join(dataRoot, 'data'),
      PORT: String(port),
      EMBEDDED_PG_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
    });
    const base = `http://127.0.0.1:${port}`;

    const first = npmStart(env);
    await waitForBanner(first);
    expect(first.output()).toContain('Seeded demo data.');
    expect(first.output()).toContain(`${base.replace('127.0.0.1', 'localhost')}/graphql`);
    // The web console is built and served by the API, deep links included.
    expect(first.output()).toMatch(new RegExp(`Web console: +${base.replace('127.0.0.1', 'localhost')}/\n`));
    const consolePage = await fetch(`${base}/complaints`, { headers: { accept: 'text/html' } });
    expect(consolePage.headers.get('content-type')).toContain('text/html');
    expect(await consolePage.text()).toContain('<div id="root">');

    const agent = await login(base, 'agent@harbor.demo');
    expect(agent.user).toEqual({ email: 'agent@harbor.demo', role: 'AGENT' });
    expect(agent.tenant.slug).toBe('harbor');
    const customers = await graphql(base, CUSTOMERS, {}, agent.accessToken);
    expect(customers.errors).toBeUndefined();
    const firstPage = (customers.data?.customers.edges ?? []).map(
      (edge: { node: { id: string } }) => edge.node.id,
    );
    expect(firstPage.length).toBeGreaterThanOrEqual(5);

    const hq = await login(base, 'hq@chain.demo');
    expect(hq.user.role).toBe('HQ_ADMIN');
    expect(hq.tenant.kind).toBe('HQ');

    await interrupt(first);

    const second = npmStart(env);
    await waitForBanner(second);
    expect(second.output()).toContain('Database schema is current.');
    expect(second.output()).not.toContain('Seeded demo data.');
    const again = await login(base, 'agent@harbor.demo');
    const kept = await graphql(base, CUSTOMERS, {}, again.accessToken);
    expect((kept.data?.customers.edges ?? []).map((edge: { node: { id: string } }) => edge.node.id)).toEqual(
      firstPage,
    );
    await interrupt(second);
  }, 300_000);
});
