// Starts one real PostgreSQL for the whole run (embedded, unless DATABASE_URL names a server), creates
// a fresh database in it and applies the real migrations. Test files then create their own tenants.
import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDatabase, migrate, startEmbeddedPostgres } from '../../dist/libs/db/src/index.js';

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

export default async function globalSetup() {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const runDir = mkdtempSync(join(tmpdir(), 'service-desk-test-'));
    // The server runs as the unprivileged postgres user when tests run as root: it must reach the folder.
    chmodSync(runDir, 0o755);
    const dataDir = join(runDir, 'pg');
    globalThis.__serviceDeskRunDir = runDir;
    const server = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    globalThis.__serviceDeskPg = server;
    adminUrl = server.url('postgres');
  }
  const database = `sd_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await ensureDatabase(adminUrl, database);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  process.env.SD_TEST_ADMIN_URL = adminUrl;
  process.env.SD_TEST_DATABASE = database;
  process.env.DATABASE_URL = url.toString();
  process.env.NODE_ENV = 'test';
  process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'silent';
  process.env.DATABASE_APP_PASSWORD = process.env.DATABASE_APP_PASSWORD ?? 'service-desk-app-dev';
  await migrate(process.env.DATABASE_URL, process.env.DATABASE_APP_PASSWORD);
}
