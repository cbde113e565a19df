import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls, grantToApp } from '../rls.js';

/**
 * Revisits (DESIGN section 6.3): the attempt log, the outcome and scheduling columns of
 * `revisit_tasks` (created by the complaint desk), the unique indexes that make the scheduler
 * idempotent, and the per-tenant revisit settings.
 */
export class Revisits1764300000000 implements MigrationInterface {
  name = 'Revisits1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE revisit_tasks
        ADD COLUMN zone_id uuid,
        ADD COLUMN visit_id uuid,
        ADD COLUMN survey_answers jsonb,
        ADD COLUMN follow_up text CHECK (length(follow_up) <= 2000),
        ADD COLUMN cancel_reason text CHECK (length(cancel_reason) <= 1000),
        ADD COLUMN started_at timestamptz,
        ADD COLUMN due_notified_at timestamptz,
        ADD COLUMN completed_by uuid,
        ADD COLUMN last_attempt_at timestamptz,
        ADD FOREIGN KEY (tenant_id, work_order_id) REFERENCES work_orders (tenant_id, id),
        ADD FOREIGN KEY (tenant_id, visit_id) REFERENCES visits (tenant_id, id),
        ADD FOREIGN KEY (tenant_id, zone_id) REFERENCES zones (tenant_id, id),
        ADD FOREIGN KEY (tenant_id, completed_by) REFERENCES users (tenant_id, id),
        ADD CHECK (survey_answers IS NULL OR jsonb_typeof(survey_answers) = 'array')`);

    // The scheduler inserts with ON CONFLICT DO NOTHING against these: a rerun adds nothing.
    await db.query(`
      CREATE UNIQUE INDEX revisit_tasks_one_after_sales_per_visit ON revisit_tasks (tenant_id, visit_id)
      WHERE type = 'AFTER_SALES'`);
    await db.query(`
      CREATE UNIQUE INDEX revisit_tasks_one_open_maintenance ON revisit_tasks (tenant_id, customer_id)
      WHERE type = 'MAINTENANCE' AND status IN ('PENDING', 'IN_PROGRESS')`);
    await db.query(`
      CREATE UNIQUE INDEX revisit_tasks_one_supervisory_per_complaint ON revisit_tasks (tenant_id, complaint_id)
      WHERE type = 'SUPERVISORY' AND complaint_id IS NOT NULL`);
    await db.query(`
      CREATE UNIQUE INDEX revisit_tasks_one_supervisory_per_work_order ON revisit_tasks (tenant_id, work_order_id)
      WHERE type = 'SUPERVISORY' AND work_order_id IS NOT NULL`);
    await db.query(
      `CREATE INDEX revisit_tasks_by_assignee ON revisit_tasks (tenant_id, assignee_id, status, due_at)`,
    );
    await db.query(
      `CREATE INDEX revisit_tasks_by_customer ON revisit_tasks (tenant_id, customer_id, due_at)`,
    );
    await db.query(`CREATE INDEX revisit_tasks_by_zone ON revisit_tasks (tenant_id, zone_id, due_at)`);
    await db.query(`
      CREATE INDEX revisit_tasks_due_unnotified ON revisit_tasks (tenant_id, due_at)
      WHERE due_notified_at IS NULL AND status IN ('PENDING', 'IN_PROGRESS')`);

    await db.query(`
      CREATE TABLE revisit_attempts (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        revisit_id uuid NOT NULL,
        number integer NOT NULL CHECK (number >= 1),
        channel text NOT NULL CHECK (channel IN ('PHONE', 'SMS', 'EMAIL', 'IM')),
        reached boolean NOT NULL,
        note text CHECK (length(note) <= 2000),
        attempted_by uuid,
        at timestamptz NOT NULL DEFAULT now(),
        idempotency_key text CHECK (length(idempotency_key) BETWEEN 1 AND 100),
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, revisit_id, number),
        UNIQUE (tenant_id, idempotency_key),
        FOREIGN KEY (tenant_id, revisit_id) REFERENCES revisit_tasks (tenant_id, id),
        FOREIGN KEY (tenant_id, attempted_by) REFERENCES users (tenant_id, id)
      )`);

    await db.query(`
      CREATE TABLE revisit_settings (
        tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
        max_attempts integer NOT NULL DEFAULT 3 CHECK (max_attempts BETWEEN 1 AND 10),
        after_sales_delay_days integer NOT NULL DEFAULT 3 CHECK (after_sales_delay_days BETWEEN 0 AND 90),
        maintenance_cadence_days integer NOT NULL DEFAULT 30 CHECK (maintenance_cadence_days BETWEEN 1 AND 365),
        supervisory_share numeric(4, 3) NOT NULL DEFAULT 0.1 CHECK (supervisory_share BETWEEN 0 AND 1),
        daily_cap integer NOT NULL DEFAULT 20 CHECK (daily_cap BETWEEN 1 AND 500),
        work_days integer NOT NULL DEFAULT 2 CHECK (work_days BETWEEN 0 AND 30),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    const tables = ['revisit_attempts', 'revisit_settings'];
    for (const table of tables) await enableTenantRls(db, table);
    await grantToApp(db, tables, 'SELECT, INSERT, UPDATE');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE revisit_settings`);
    await db.query(`DROP TABLE revisit_attempts`);
    for (const index of [
      'revisit_tasks_one_after_sales_per_visit',
      'revisit_tasks_one_open_maintenance',
      'revisit_tasks_one_supervisory_per_complaint',
      'revisit_tasks_one_supervisory_per_work_order',
      'revisit_tasks_by_assignee',
      'revisit_tasks_by_customer',
      'revisit_tasks_by_zone',
      'revisit_tasks_due_unnotified',
    ]) {
      await db.query(`DROP INDEX ${index}`);
    }
    await db.query(`
      ALTER TABLE revisit_tasks
        DROP COLUMN zone_id, DROP COLUMN visit_id, DROP COLUMN survey_answers, DROP COLUMN follow_up,
        DROP COLUMN cancel_reason, DROP COLUMN started_at, DROP COLUMN due_notified_at, DROP COLUMN completed_by,
        DROP COLUMN last_attempt_at`);
    await db.query(
      `ALTER TABLE revisit_tasks DROP CONSTRAINT IF EXISTS revisit_tasks_tenant_id_work_order_id_fkey`,
    );
  }
}
