import 'reflect-metadata';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { config, environment, reloadConfig } from '@service-desk/core';
import { ensureDatabase, type EmbeddedServer, migrate, startEmbeddedPostgres } from '@service-desk/db';
// The tool boots the API application itself, in-process, to read the schema it builds.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createApi } from '../apps/api/src/api.js';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { printAppSchema, schemaFilePath } from '../apps/api/src/graphql/print-schema.js';

/**
 * `npm run schema`: boots the API in-process without listening and writes the printed schema to
 * apps/api/schema.graphql. TypeORM connects at init, so it needs a database: DATABASE_URL when set,
 * otherwise a throwaway embedded PostgreSQL in a temp folder.
 */
const env = environment();
env.LOG_LEVEL ??= 'warn';
let embedded: EmbeddedServer | undefined;
let tempDir: string | undefined;
let exitCode = 0;
try {
  if (!env.DATABASE_URL) {
    tempDir = mkdtempSync(join(tmpdir(), 'service-desk-schema-'));
    // Run as root, the server runs as another user: it must be able to reach the folder.
    chmodSync(tempDir, 0o755);
    embedded = await startEmbeddedPostgres({ dataDir: join(tempDir, 'pg'), port: await freePort() });
    await ensureDatabase(embedded.url('postgres'), 'service_desk');
    env.DATABASE_URL = embedded.url('service_desk');
    reloadConfig();
    await migrate(env.DATABASE_URL, config().DATABASE_APP_PASSWORD);
  }
  const app = await createApi();
  try {
    await app.init();
    const target = schemaFilePath();
    writeFileSync(target, printAppSchema(app));
    process.stdout.write(`Wrote ${target}\n`);
  } finally {
    await app.close();
  }
} catch (error) {
  process.stderr.write(
    `print-schema failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  exitCode = 1;
} finally {
  await embedded?.stop().catch(() => undefined);
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
}
process.exit(exitCode);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
