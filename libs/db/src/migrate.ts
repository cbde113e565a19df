import pg from 'pg';
import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from './migrations/index.js';
import { APP_ROLE } from './rls.js';
import { PGBOSS_SCHEMA, Queue } from './queues.js';

export const MIGRATIONS_TABLE = 'schema_migrations';

/**
 * Brings a database to the current schema, as the owner role: the application role (created when
 * missing), the migrations, and the job queue schema with its queues. Safe to run any number of times
 * and from several processes at once (an advisory lock serialises them).
 */
export async function migrate(ownerUrl: string, appPassword: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(7351001)');
    await ensureAppRole(client, appPassword);
    const dataSource = new DataSource({
      type: 'postgres',
      url: ownerUrl,
      migrations: MIGRATIONS,
      migrationsTableName: MIGRATIONS_TABLE,
      migrationsTransactionMode: 'each',
      logging: ['error'],
    });
    await dataSource.initialize();
    let applied: string[];
    try {
      applied = (await dataSource.runMigrations()).map((m) => m.name);
      await dataSource.query(`GRANT SELECT ON ${MIGRATIONS_TABLE} TO ${APP_ROLE}`);
    } finally {
      await dataSource.destroy();
    }
    await installJobQueues(ownerUrl);
    await client.query(`GRANT USAGE ON SCHEMA ${PGBOSS_SCHEMA} TO ${APP_ROLE}`);
    await client.query(`GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA ${PGBOSS_SCHEMA} TO ${APP_ROLE}`);
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock(7351001)').catch(() => undefined);
    await client.end();
  }
}

async function ensureAppRole(client: pg.Client, password: string): Promise<void> {
  const { rows } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [APP_ROLE]);
  const escaped = password.replace(/'/g, "''");
  if (rows.length === 0) {
    await client.query(
      `CREATE ROLE ${APP_ROLE} LOGIN PASSWORD '${escaped}' NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION NOINHERIT`,
    );
  }
  const db = await client.query('SELECT current_database() AS name');
  await client.query(`GRANT CONNECT ON DATABASE "${db.rows[0].name}" TO ${APP_ROLE}`);
}

async function installJobQueues(ownerUrl: string): Promise<void> {
  const boss = new PgBoss({
    connectionString: ownerUrl,
    schema: PGBOSS_SCHEMA,
    supervise: false,
    schedule: false,
    max: 2,
  });
  boss.on('error', () => undefined);
  await boss.start();
  try {
    const existing = new Set((await boss.getQueues()).map((q) => q.name));
    for (const name of Object.values(Queue)) {
      if (!existing.has(name)) await boss.createQueue(name, { name, retryLimit: 5, retryBackoff: true });
    }
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

/** Names of migrations not yet applied (readiness: the schema must be current). */
export async function pendingMigrations(
  query: (sql: string) => Promise<Array<{ name: string }>>,
): Promise<string[]> {
  const applied = new Set((await query(`SELECT name FROM ${MIGRATIONS_TABLE}`)).map((row) => row.name));
  return MIGRATIONS.map((m) => new m().name).filter((name) => !applied.has(name));
}
