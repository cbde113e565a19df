import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls, grantToApp } from '../rls.js';

/**
 * Win-back campaigns (DESIGN sections 6.4, 7, 10): a campaign is also the durable work item of its
 * job. `progress_cursor` is the last customer id the job has scanned, advanced in the same transaction
 * as the revisits of that batch; `runner` is the worker that holds the campaign (a lease renewed by each
 * batch); the unique index on revisit_tasks makes "one revisit per customer per campaign" hold whatever
 * happens to the worker.
 */
export class Campaigns1764320000000 implements MigrationInterface {
  name = 'Campaigns1764320000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE campaigns (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        kind text NOT NULL DEFAULT 'WINBACK' CHECK (kind IN ('WINBACK')),
        segment jsonb NOT NULL,
        agent_ids uuid[] NOT NULL CHECK (cardinality(agent_ids) BETWEEN 1 AND 500),
        daily_cap integer NOT NULL CHECK (daily_cap BETWEEN 1 AND 1000),
        no_contact_days integer NOT NULL CHECK (no_contact_days BETWEEN 0 AND 3650),
        channel text NOT NULL CHECK (channel IN ('PHONE', 'SMS', 'EMAIL', 'IM')),
        start_date date NOT NULL,
        state text NOT NULL DEFAULT 'QUEUED' CHECK (state IN ('QUEUED', 'RUNNING', 'COMPLETED', 'CANCELLED')),
        targeted_count integer NOT NULL DEFAULT 0 CHECK (targeted_count >= 0),
        scanned_count integer NOT NULL DEFAULT 0 CHECK (scanned_count >= 0),
        progress_cursor uuid,
        runner text CHECK (length(runner) <= 200),
        runner_seen_at timestamptz,
        launched_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        completed_at timestamptz,
        cancelled_at timestamptz,
        cancel_reason text CHECK (length(cancel_reason) <= 1000),
        idempotency_key text CHECK (length(idempotency_key) <= 100),
        created_by uuid,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, idempotency_key),
        FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id)
      )`);
    await db.query(`CREATE INDEX campaigns_by_launch ON campaigns (tenant_id, launched_at DESC, id DESC)`);
    await db.query(
      `CREATE INDEX campaigns_unfinished ON campaigns (tenant_id, id) WHERE state IN ('QUEUED', 'RUNNING')`,
    );
    await db.query(`
      ALTER TABLE revisit_tasks
        ADD CONSTRAINT revisit_tasks_campaign_fk FOREIGN KEY (tenant_id, campaign_id) REFERENCES campaigns (tenant_id, id)`);
    // Exactly once: one revisit per customer per campaign, whatever a worker does.
    await db.query(`
      CREATE UNIQUE INDEX revisit_tasks_one_per_campaign_customer ON revisit_tasks (tenant_id, campaign_id, customer_id)
      WHERE campaign_id IS NOT NULL`);
    // "No contact in the last N days" looks up a customer's revisits by time.
    await db.query(
      `CREATE INDEX revisit_tasks_customer_contact ON revisit_tasks (tenant_id, customer_id, created_at)`,
    );
    await enableTenantRls(db, 'campaigns');
    await grantToApp(db, ['campaigns'], 'SELECT, INSERT, UPDATE');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX revisit_tasks_customer_contact`);
    await db.query(`DROP INDEX revisit_tasks_one_per_campaign_customer`);
    await db.query(`ALTER TABLE revisit_tasks DROP CONSTRAINT revisit_tasks_campaign_fk`);
    await db.query(`DROP TABLE campaigns`);
  }
}
