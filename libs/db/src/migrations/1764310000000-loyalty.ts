import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls, grantToApp } from '../rls.js';

/**
 * Loyalty (DESIGN section 6.4): per-tenant loyalty settings (tier thresholds, downgrade grace, points
 * expiry, churn thresholds), one loyalty account row per customer holding the points balance (locked
 * FOR UPDATE by every posting, never below zero), the append-only points ledger, and the per-day marks
 * that make the nightly loyalty jobs run once per local date.
 */
export class Loyalty1764310000000 implements MigrationInterface {
  name = 'Loyalty1764310000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE loyalty_settings (
        tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
        silver_threshold numeric(12, 2) NOT NULL DEFAULT 2000,
        gold_threshold numeric(12, 2) NOT NULL DEFAULT 8000,
        premium_threshold numeric(12, 2) NOT NULL DEFAULT 20000,
        downgrade_grace_days integer NOT NULL DEFAULT 90 CHECK (downgrade_grace_days BETWEEN 0 AND 730),
        points_expiry_months integer NOT NULL DEFAULT 24 CHECK (points_expiry_months BETWEEN 1 AND 120),
        at_risk_gap_factor numeric(4, 2) NOT NULL DEFAULT 2 CHECK (at_risk_gap_factor BETWEEN 1 AND 10),
        at_risk_floor_days integer NOT NULL DEFAULT 30 CHECK (at_risk_floor_days BETWEEN 1 AND 3650),
        churned_gap_factor numeric(4, 2) NOT NULL DEFAULT 3 CHECK (churned_gap_factor BETWEEN 1 AND 20),
        churned_floor_days integer NOT NULL DEFAULT 90 CHECK (churned_floor_days BETWEEN 1 AND 3650),
        won_back_active_days integer NOT NULL DEFAULT 90 CHECK (won_back_active_days BETWEEN 1 AND 3650),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (silver_threshold > 0 AND silver_threshold < gold_threshold AND gold_threshold < premium_threshold),
        CHECK (at_risk_floor_days < churned_floor_days AND at_risk_gap_factor < churned_gap_factor)
      )`);

    await db.query(`
      CREATE TABLE loyalty_accounts (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        customer_id uuid NOT NULL,
        points_balance integer NOT NULL DEFAULT 0 CONSTRAINT loyalty_accounts_balance_not_negative CHECK (points_balance >= 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, customer_id),
        FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id)
      )`);

    // Credits (points > 0) carry the date they expire; debits (points < 0) consume credits FIFO.
    await db.query(`
      CREATE TABLE points_ledger (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        customer_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('EARN', 'REDEEM', 'GOODWILL', 'ADJUST', 'EXPIRE')),
        points integer NOT NULL CHECK (points <> 0),
        balance_after integer NOT NULL CHECK (balance_after >= 0),
        idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
        reason text CHECK (length(reason) <= 500),
        expires_at timestamptz,
        complaint_id uuid,
        visit_id uuid,
        actor_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, idempotency_key),
        CHECK ((kind IN ('EARN', 'GOODWILL') AND points > 0) OR (kind IN ('REDEEM', 'EXPIRE') AND points < 0) OR kind = 'ADJUST'),
        CHECK ((points > 0) = (expires_at IS NOT NULL)),
        FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
        FOREIGN KEY (tenant_id, complaint_id) REFERENCES complaints (tenant_id, id),
        FOREIGN KEY (tenant_id, visit_id) REFERENCES visits (tenant_id, id),
        FOREIGN KEY (tenant_id, actor_id) REFERENCES users (tenant_id, id)
      )`);
    await db.query(
      `CREATE INDEX points_ledger_by_customer ON points_ledger (tenant_id, customer_id, created_at, id)`,
    );
    await db.query(
      `CREATE INDEX points_ledger_credits_by_expiry ON points_ledger (tenant_id, expires_at) WHERE points > 0`,
    );
    // Append-only for everyone, the owner role included (the application role has no UPDATE anyway).
    await db.query(`
      CREATE FUNCTION points_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS
      $$ BEGIN RAISE EXCEPTION 'points_ledger is append-only'; END $$`);
    await db.query(`
      CREATE TRIGGER points_ledger_append_only BEFORE UPDATE OR DELETE ON points_ledger
      FOR EACH ROW EXECUTE FUNCTION points_ledger_append_only()`);

    await db.query(`
      CREATE TABLE loyalty_job_runs (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        job text NOT NULL CHECK (job IN ('CHURN_DETECTION', 'TIER_RECALCULATION', 'POINTS_EXPIRY')),
        local_date date NOT NULL,
        ran_at timestamptz NOT NULL DEFAULT now(),
        result jsonb NOT NULL DEFAULT '{}',
        PRIMARY KEY (tenant_id, job, local_date)
      )`);

    // The day a customer's rolling spend first fell below its tier: the downgrade waits out the grace.
    await db.query(`ALTER TABLE customers ADD COLUMN tier_below_since timestamptz`);

    const tables = ['loyalty_settings', 'loyalty_accounts', 'points_ledger', 'loyalty_job_runs'];
    for (const table of tables) await enableTenantRls(db, table);
    await grantToApp(
      db,
      ['loyalty_settings', 'loyalty_accounts', 'loyalty_job_runs'],
      'SELECT, INSERT, UPDATE',
    );
    await grantToApp(db, ['points_ledger'], 'SELECT, INSERT');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE customers DROP COLUMN tier_below_since`);
    for (const table of ['loyalty_job_runs', 'points_ledger', 'loyalty_accounts', 'loyalty_settings'])
      await db.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
    await db.query(`DROP FUNCTION IF EXISTS points_ledger_append_only()`);
  }
}
