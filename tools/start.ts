import 'reflect-metadata';
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { config, environment, reloadConfig } from '@service-desk/core';
import {
  ensureDatabase,
  type EmbeddedServer,
  migrate,
  ownerUrl,
  startEmbeddedPostgres,
} from '@service-desk/db';
import { DEMO_PASSWORD, DEMO_STAFF, DEMO_TENANTS } from './seed/foundation.js';
import { seedDemo } from './seed/index.js';

/**
 * `npm start`: an embedded PostgreSQL unless DATABASE_URL is set, migrations, demo data into an empty
 * database, then the API and the worker as child processes. Ctrl-C stops everything.
 */
const dist = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = environment();
const say = (line: string) => process.stdout.write(`${line}\n`);

let embedded: EmbeddedServer | undefined;
const children: ChildProcess[] = [];
let stopping = false;

async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
          }),
      ),
    );
    await embedded?.stop();
  }
  process.exit(code);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

try {
  const settings = config();
  if (!env.DATABASE_URL) {
    say(`Starting embedded PostgreSQL (data in ${join(settings.DATA_DIR, 'pg')}) ...`);
    embedded = await startEmbeddedPostgres({
      dataDir: join(settings.DATA_DIR, 'pg'),
      port: settings.EMBEDDED_PG_PORT,
    });
    await ensureDatabase(embedded.url('postgres'), 'service_desk');
    env.DATABASE_URL = embedded.url('service_desk');
    reloadConfig();
  }
  const applied = await migrate(ownerUrl(), config().DATABASE_APP_PASSWORD);
  say(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is current.');
  if (config().SEED_DEMO && (await seedDemo(ownerUrl()))) say('Seeded demo data.');

  for (const app of ['api', 'worker']) {
    const child = spawn(process.execPath, [join(dist, 'apps', app, 'src', 'main.js')], {
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('exit', (code, signal) => {
      if (!stopping) {
        say(`The ${app} process exited (${signal ?? code}); stopping.`);
        void stop(1);
      }
    });
    children.push(child);
  }

  const base = `http://localhost:${config().PORT}`;
  await waitForReady(`${base}/health/ready`);
  say('');
  say('Service Desk is running.');
  say(`  Web console:               ${base}/`);
  say(`  GraphQL API and explorer:  ${base}/graphql`);
  say(`  Health / metrics:          ${base}/health/ready  ${base}/metrics`);
  if (config().SEED_DEMO) {
    say(`  Demo logins (password ${DEMO_PASSWORD}):`);
    say('    hq@chain.demo (HQ_ADMIN)');
    for (const slug of DEMO_TENANTS) {
      say(`    owner@${slug}.demo, ${DEMO_STAFF.map((s) => `${s.local}@${slug}.demo`).join(', ')}`);
    }
  }
  say('Press Ctrl-C to stop.');
} catch (error) {
  process.stderr.write(`Start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  await stop(1);
}

async function waitForReady(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The API did not become ready at ${url}`);
}
