import { rmSync } from 'node:fs';
import pg from 'pg';

export default async function globalTeardown() {
  const server = globalThis.__serviceDeskPg;
  if (server) {
    await server.stop();
    rmSync(globalThis.__serviceDeskRunDir, { recursive: true, force: true });
    return;
  }
  // An external server keeps running: drop the run's database.
  const admin = new pg.Client({ connectionString: process.env.SD_TEST_ADMIN_URL });
  await admin.connect();
  await admin
    .query(`DROP DATABASE IF EXISTS "${process.env.SD_TEST_DATABASE}" WITH (FORCE)`)
    .catch(() => undefined);
  await admin.end();
}
