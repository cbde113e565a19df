import type { EntityManager } from 'typeorm';

/**
 * The next number of a per-tenant series (complaint C-1, C-2 …; work order W-1 …), gap-free because
 * the counter row is locked by the caller's transaction until it commits.
 */
export async function nextTenantNumber(tx: EntityManager, series: string): Promise<number> {
  const [{ last_value: value }] = await tx.query(
    `INSERT INTO tenant_counters AS c (tenant_id, name, last_value) VALUES (app_tenant_id(), $1, 1)
     ON CONFLICT (tenant_id, name) DO UPDATE SET last_value = c.last_value + 1 RETURNING last_value`,
    [series],
  );
  return Number(value);
}
