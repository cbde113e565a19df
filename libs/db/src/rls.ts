import type { QueryRunner } from 'typeorm';

/** The role the application connects as: owns nothing, has no BYPASSRLS, is a member of no role. */
export const APP_ROLE = 'service_desk_app';

/**
 * The tenant in scope, written out rather than through `app_tenant_id()`: the planner then has no
 * function to inline for every statement (measurably cheaper on point lookups).
 */
export const TENANT_SETTING = `nullif(current_setting('app.tenant_id', true), '')::uuid`;

/**
 * Turns on and forces Row-Level Security for a tenant table, with the single isolation policy every
 * tenant table has: rows are visible and writable only when `app.tenant_id` names their tenant. With
 * no tenant set, the setting is NULL and nothing matches (fail closed).
 */
export async function enableTenantRls(runner: QueryRunner, table: string): Promise<void> {
  await runner.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
  await runner.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
  await runner.query(
    `CREATE POLICY tenant_isolation ON ${table} USING (tenant_id = ${TENANT_SETTING}) WITH CHECK (tenant_id = ${TENANT_SETTING})`,
  );
}

/** Grants the application role data access (never DDL) on tables. */
export async function grantToApp(runner: QueryRunner, tables: string[], privileges: string): Promise<void> {
  for (const table of tables) await runner.query(`GRANT ${privileges} ON ${table} TO ${APP_ROLE}`);
}
