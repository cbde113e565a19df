import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls, grantToApp } from '../rls.js';

/**
 * Visits (DESIGN section 6.4): what revisit scheduling, churn detection, tiers and win-back campaigns
 * all read. A visit with an amount above zero is a purchase. `external_ref` makes recording a visit
 * idempotent. The customer keeps its last visit and visit count, maintained by the loyalty lib.
 */
export class Visits1764200000000 implements MigrationInterface {
  name = 'Visits1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE visits (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        customer_id uuid NOT NULL,
        visited_at timestamptz NOT NULL,
        amount numeric(12, 2) NOT NULL DEFAULT 0 CHECK (amount >= 0 AND amount < 10000000),
        zone_id uuid,
        staff_id uuid,
        external_ref text CHECK (length(external_ref) BETWEEN 1 AND 100),
        note text CHECK (length(note) <= 500),
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, external_ref),
        FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
        FOREIGN KEY (tenant_id, zone_id) REFERENCES zones (tenant_id, id),
        FOREIGN KEY (tenant_id, staff_id) REFERENCES users (tenant_id, id),
        FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id)
      )`);
    await db.query(`CREATE INDEX visits_by_customer ON visits (tenant_id, customer_id, visited_at)`);
    await db.query(`CREATE INDEX visits_by_time ON visits (tenant_id, visited_at)`);
    await db.query(`
      ALTER TABLE customers
        ADD COLUMN last_visit_at timestamptz,
        ADD COLUMN visit_count integer NOT NULL DEFAULT 0,
        ADD COLUMN status_changed_at timestamptz`);
    await db.query(`CREATE INDEX customers_by_status ON customers (tenant_id, status, last_visit_at)`);
    await enableTenantRls(db, 'visits');
    await grantToApp(db, ['visits'], 'SELECT, INSERT, UPDATE');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX customers_by_status`);
    await db.query(
      `ALTER TABLE customers DROP COLUMN last_visit_at, DROP COLUMN visit_count, DROP COLUMN status_changed_at`,
    );
    await db.query(`DROP TABLE visits`);
  }
}
