import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, enableTenantRls, grantToApp } from '../rls.js';

/**
 * Performance reviews (DESIGN sections 6.6 and 6.7): review periods, the tenant's KPI definitions and
 * weighting settings, scorecards with their review workflow and calibration audit, the chain's KPI and
 * BARS templates, and the one definer function through which HQ reads per-store aggregates.
 */
export class Scorecards1764360000000 implements MigrationInterface {
  name = 'Scorecards1764360000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE performance_periods (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        label text NOT NULL CHECK (length(label) BETWEEN 1 AND 40),
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        last_computed_at timestamptz,
        idempotency_key text CHECK (length(idempotency_key) <= 100),
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, label),
        UNIQUE (tenant_id, idempotency_key),
        CHECK (ends_on >= starts_on AND ends_on - starts_on <= 366),
        FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id)
      )`);
    await db.query(`
      CREATE TABLE kpi_definitions (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        code text NOT NULL CHECK (code IN ('FIRST_REPLY_ON_TIME', 'RESOLUTION_ON_TIME', 'COMMITMENTS_KEPT',
          'MEAN_RESOLUTION_HOURS', 'CSAT', 'REOPEN_RATE', 'REVISIT_ON_TIME', 'WORK_ORDER_ON_TIME', 'WINBACK_RATE', 'VOLUME')),
        direction text NOT NULL CHECK (direction IN ('HIGHER', 'LOWER')),
        target numeric(12, 4) NOT NULL CHECK (target > 0 AND target <= 100000),
        weight numeric(6, 3) NOT NULL CHECK (weight >= 0 AND weight <= 100),
        min_sample integer NOT NULL CHECK (min_sample BETWEEN 1 AND 10000),
        active boolean NOT NULL DEFAULT true,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, code)
      )`);
    await db.query(`
      CREATE TABLE performance_settings (
        tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
        kpi_weight numeric(6, 3) NOT NULL DEFAULT 50 CHECK (kpi_weight >= 0 AND kpi_weight <= 100),
        behaviour_weight numeric(6, 3) NOT NULL DEFAULT 50 CHECK (behaviour_weight >= 0 AND behaviour_weight <= 100),
        grade_a_share numeric(5, 4) NOT NULL DEFAULT 0.2 CHECK (grade_a_share BETWEEN 0 AND 1),
        grade_c_share numeric(5, 4) NOT NULL DEFAULT 0.1 CHECK (grade_c_share BETWEEN 0 AND 1),
        matrix_threshold numeric(5, 2) NOT NULL DEFAULT 70 CHECK (matrix_threshold BETWEEN 0 AND 100),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (kpi_weight + behaviour_weight > 0),
        CHECK (grade_a_share + grade_c_share <= 1)
      )`);
    await db.query(`
      CREATE TABLE scorecards (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        period_id uuid NOT NULL,
        staff_id uuid NOT NULL,
        role text NOT NULL CHECK (role IN ('SUPERVISOR', 'AGENT', 'FIELD_STAFF')),
        state text NOT NULL DEFAULT 'DRAFT' CHECK (state IN ('DRAFT', 'SUBMITTED', 'CALIBRATED', 'PUBLISHED', 'ACKNOWLEDGED')),
        kpis jsonb NOT NULL DEFAULT '[]',
        kpi_score numeric(6, 2),
        bars_score numeric(6, 2),
        bos_score numeric(6, 2),
        behaviour_score numeric(6, 2),
        composite numeric(6, 2),
        procedural_score numeric(6, 2),
        personal_score numeric(6, 2),
        service_type text CHECK (service_type IN ('EXCELLENT', 'BUREAUCRATIC', 'FRIENDLY_DISORGANIZED', 'INDIFFERENT')),
        rank integer,
        grade text CHECK (grade IN ('A', 'B', 'C')),
        calibrated_score numeric(6, 2) CHECK (calibrated_score BETWEEN 0 AND 100),
        calibrated_grade text CHECK (calibrated_grade IN ('A', 'B', 'C')),
        calibration_reason text CHECK (length(calibration_reason) <= 1000),
        submitted_by uuid,
        submitted_at timestamptz,
        calibrated_by uuid,
        calibrated_at timestamptz,
        published_at timestamptz,
        acknowledged_at timestamptz,
        acknowledgement_comment text CHECK (length(acknowledgement_comment) <= 2000),
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, period_id, staff_id),
        FOREIGN KEY (tenant_id, period_id) REFERENCES performance_periods (tenant_id, id),
        FOREIGN KEY (tenant_id, staff_id) REFERENCES users (tenant_id, id),
        FOREIGN KEY (tenant_id, submitted_by) REFERENCES users (tenant_id, id),
        FOREIGN KEY (tenant_id, calibrated_by) REFERENCES users (tenant_id, id)
      )`);
    await db.query(`CREATE INDEX scorecards_by_staff ON scorecards (tenant_id, staff_id, period_id)`);
    // The calibration audit: every HR override, with what it changed and why.
    await db.query(`
      CREATE TABLE scorecard_calibrations (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        scorecard_id uuid NOT NULL,
        from_score numeric(6, 2),
        to_score numeric(6, 2),
        from_grade text,
        to_grade text,
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
        calibrated_by uuid NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, scorecard_id) REFERENCES scorecards (tenant_id, id),
        FOREIGN KEY (tenant_id, calibrated_by) REFERENCES users (tenant_id, id)
      )`);

    // Indexes the KPI queries of the scorecard job lean on (by person and time).
    await db.query(
      `CREATE INDEX complaints_by_handler_time ON complaints (tenant_id, handler_id, received_at)`,
    );
    await db.query(
      `CREATE INDEX revisit_tasks_by_assignee_due ON revisit_tasks (tenant_id, assignee_id, due_at)`,
    );

    await db.query(`
      ALTER TABLE chain_standards
        ADD COLUMN kpi_template jsonb,
        ADD COLUMN kpi_template_published_at timestamptz,
        ADD COLUMN bars_template jsonb,
        ADD COLUMN bars_template_published_at timestamptz`);

    // HQ sees aggregates only: per store of the caller's chain (app.chain_id), the means of the cards of
    // the period with the given label. No staff or customer row leaves this function.
    await db.query(`
      CREATE FUNCTION performance_chain_benchmark(p_label text)
      RETURNS TABLE (tenant_id uuid, tenant_name text, staff_count integer, scored_count integer,
        kpi_score numeric, behaviour_score numeric, composite numeric, procedural_score numeric,
        personal_score numeric, matrix_threshold numeric, kpi_means jsonb)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT t.id, t.name, count(s.id)::int, count(s.composite)::int,
          round(avg(s.kpi_score), 2), round(avg(s.behaviour_score), 2), round(avg(coalesce(s.calibrated_score, s.composite)), 2),
          round(avg(s.procedural_score), 2), round(avg(s.personal_score), 2),
          coalesce(max(ps.matrix_threshold), 70),
          coalesce((SELECT jsonb_object_agg(k.code, k.mean) FROM (
            SELECT kv->>'code' AS code, round(avg((kv->>'score')::numeric), 2) AS mean
            FROM scorecards s2 CROSS JOIN jsonb_array_elements(s2.kpis) kv
            WHERE s2.tenant_id = t.id AND s2.period_id = p.id AND kv->>'score' IS NOT NULL
            GROUP BY kv->>'code') k), '{}'::jsonb)
        FROM tenants t
        JOIN performance_periods p ON p.tenant_id = t.id AND p.label = p_label
        LEFT JOIN scorecards s ON s.tenant_id = t.id AND s.period_id = p.id
        LEFT JOIN performance_settings ps ON ps.tenant_id = t.id
        WHERE t.kind = 'STORE' AND t.chain_id = nullif(current_setting('app.chain_id', true), '')::uuid
        GROUP BY t.id, t.name, p.id
        ORDER BY t.id
      $$`);
    await db.query(`REVOKE ALL ON FUNCTION performance_chain_benchmark(text) FROM PUBLIC`);
    await db.query(`GRANT EXECUTE ON FUNCTION performance_chain_benchmark(text) TO ${APP_ROLE}`);

    const tables = [
      'performance_periods',
      'kpi_definitions',
      'performance_settings',
      'scorecards',
      'scorecard_calibrations',
    ];
    for (const table of tables) await enableTenantRls(db, table);
    await grantToApp(db, tables, 'SELECT, INSERT, UPDATE');
    // Recomputing a period removes the drafts of people who no longer have a card (the job guards the state).
    await grantToApp(db, ['scorecards'], 'DELETE');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION IF EXISTS performance_chain_benchmark(text)`);
    await db.query(`
      ALTER TABLE chain_standards DROP COLUMN kpi_template, DROP COLUMN kpi_template_published_at,
        DROP COLUMN bars_template, DROP COLUMN bars_template_published_at`);
    await db.query(`DROP INDEX IF EXISTS complaints_by_handler_time`);
    await db.query(`DROP INDEX IF EXISTS revisit_tasks_by_assignee_due`);
    await db.query(`DROP INDEX IF EXISTS complaint_promises_by_due`);
    for (const table of [
      'scorecard_calibrations',
      'scorecards',
      'performance_settings',
      'kpi_definitions',
      'performance_periods',
    ]) {
      await db.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
    }
  }
}
