import type { MigrationInterface, QueryRunner } from 'typeorm';
import { TENANT_SETTING } from '../rls.js';

/** Every `tenant_isolation` policy compares with the setting directly (see TENANT_SETTING). */
export class InlineTenantPolicies1764000000000 implements MigrationInterface {
  name = 'InlineTenantPolicies1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await this.rewrite(db, TENANT_SETTING);
  }

  async down(db: QueryRunner): Promise<void> {
    await this.rewrite(db, 'app_tenant_id()');
  }

  private async rewrite(db: QueryRunner, expression: string): Promise<void> {
    const tables: Array<{ tablename: string }> = await db.query(
      `SELECT tablename FROM pg_policies WHERE schemaname = 'public' AND policyname = 'tenant_isolation' AND tablename <> 'tenants'`,
    );
    for (const { tablename } of tables) {
      await db.query(
        `ALTER POLICY tenant_isolation ON ${tablename} USING (tenant_id = ${expression}) WITH CHECK (tenant_id = ${expression})`,
      );
    }
  }
}
