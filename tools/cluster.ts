import 'reflect-metadata';
import type { ChildProcess } from 'node:child_process';
import { config } from '@service-desk/core';
import { type AppName, demoLoginLines, Launcher, say, waitForReady } from './launcher.js';
import { StickyProxy } from './sticky-proxy.js';

/**
 * `npm run cluster`: one database (embedded unless DATABASE_URL is set, migrated, seeded when empty),
 * `CLUSTER_API_PORTS` API processes and `CLUSTER_WORKERS` workers on it, behind a round-robin proxy with
 * socket.io session affinity on `CLUSTER_PORT`. A process that dies is started again (its clients go to
 * the other nodes meanwhile); Ctrl-C or SIGTERM stops everything.
 */
const launcher = new Launcher();
const RESTART_DELAY_MS = 1000;
const RESTART_DELAY_MAX_MS = 30_000;

/** Keeps one child process running under a name; restarts it after an unexpected exit, with backoff. */
function supervise(name: string, app: AppName, overrides: Record<string, string> = {}): void {
  let failures = 0;
  const start = (): ChildProcess => {
    const child = launcher.spawnApp(app, overrides);
    const started = Date.now();
    child.once('exit', (code, signal) => {
      if (launcher.isStopping) return;
      // A process that ran for a while is not crash-looping: restart it promptly.
      failures = Date.now() - started > 60_000 ? 0 : failures + 1;
      const delay = Math.min(RESTART_DELAY_MS * 2 ** Math.max(failures - 1, 0), RESTART_DELAY_MAX_MS);
      say(`${name} (pid ${child.pid}) exited (${signal ?? code}); restarting in ${delay} ms.`);
      setTimeout(() => {
        if (launcher.isStopping) return;
        const again = start();
        say(`${name} restarted (pid ${again.pid}).`);
      }, delay).unref();
    });
    return child;
  };
  const child = start();
  say(`  ${name.padEnd(9)} pid ${child.pid}${overrides.PORT ? `  http://127.0.0.1:${overrides.PORT}` : ''}`);
}

try {
  await launcher.prepareDatabase();
  const settings = config();
  const apiNodes = settings.CLUSTER_API_PORTS.map((port, i) => ({
    name: `api-${i + 1}`,
    host: '127.0.0.1',
    port,
  }));
  say('Starting processes:');
  for (const node of apiNodes) supervise(node.name, 'api', { PORT: String(node.port) });
  for (let i = 1; i <= settings.CLUSTER_WORKERS; i++) supervise(`worker-${i}`, 'worker');
  await Promise.all(apiNodes.map((node) => waitForReady(`http://${node.host}:${node.port}/health/ready`)));

  const proxy = new StickyProxy({ nodes: apiNodes, log: say });
  launcher.onStop(() => proxy.close());
  const port = await proxy.listen(settings.CLUSTER_PORT);
  const base = `http://localhost:${port}`;
  await waitForReady(`${base}/health/ready`);
  say('');
  say(`Service Desk cluster is running: ${apiNodes.length} API nodes, ${settings.CLUSTER_WORKERS} workers.`);
  say(`  Proxy (GraphQL, live feed):  ${base}/graphql  (socket.io ${base}/live)`);
  say(`  Health / metrics:            ${base}/health/ready  ${base}/metrics (of one node)`);
  for (const line of demoLoginLines()) say(line);
  say('Press Ctrl-C to stop.');
} catch (error) {
  await launcher.fail(error);
}
