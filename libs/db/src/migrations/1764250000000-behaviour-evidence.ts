import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls, grantToApp } from '../rls.js';

/**
 * Behaviour evidence for performance reviews (DESIGN section 6.6): BARS scales with five anchored
 * levels, supervisors' ratings citing critical incidents, behaviour observation (BOS) frequency
 * ratings, and paired-comparison sessions. Scorecards (their own migration) read these tables.
 */
export class BehaviourEvidence1764250000000 implements MigrationInterface {
  name = 'BehaviourEvidence1764250000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE bars_scales (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        dimension text NOT NULL CHECK (dimension ~ '^[A-Z][A-Z0-9_]{1,39}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
        description text CHECK (length(description) <= 1000),
        weight numeric(6, 3) NOT NULL DEFAULT 1 CHECK (weight >= 0 AND weight <= 100),
        active boolean NOT NULL DEFAULT true,
        position integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, dimension)
      )`);
    await db.query(`
      CREATE TABLE bars_anchors (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        scale_id uuid NOT NULL,
        level integer NOT NULL CHECK (level BETWEEN 1 AND 5),
        anchor text NOT NULL CHECK (length(anchor) BETWEEN 1 AND 500),
        PRIMARY KEY (tenant_id, scale_id, level),
        FOREIGN KEY (tenant_id, scale_id) REFERENCES bars_scales (tenant_id, id) ON DELETE CASCADE
      )`);
    await db.query(`
      CREATE TABLE critical_incidents (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        staff_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('POSITIVE', 'NEGATIVE')),
        description text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
        occurred_at timestamptz NOT NULL,
        complaint_id uuid,
        work_order_id uuid,
        recorded_by uuid NOT NULL,
        idempotency_key text CHECK (length(idempotency_key) <= 100),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, idempotency_key),
        FOREIGN KEY (tenant_id, staff_id) REFERENCES users (tenant_id, id),
        FOREIGN KEY (tenant_id, recorded_by) REFERENCES users (tenant_id, id),
        FOREIGN KEY (tenant_id, complaint_id) REFERENCES complaints (tenant_id, id),
        FOREIGN KEY (tenant_id, work_order_id) REFERENCES work_orders (tenant_id, id)
      )`);
    await db.query(
      `CREATE INDEX critical_incidents_by_staff ON critical_incidents (tenant_id, staff_id, occurred_at)`,
    );
    await db.query(`
      CREATE TABLE behavior_ratings (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        staff_id uuid NOT NULL,
        scale_id uuid NOT NULL,
        level integer NOT NULL CHECK (level BETWEEN 1 AND 5),
        comment text CHECK (length(comment) <= 2000),
        rated_by uuid NOT NULL,
        rated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, staff_id) REFERENCES users (tenant_id, id),
        FOREIGN KEY (tenant_id, rated_by) REFERENCES users (tenant_id, id),
        FOREIGN KEY (tenant_id, scale_id) REFERENCES bars_scales (tenant_id, id)
      )`);
    await db.query(
      `CREATE INDEX behavior_ratings_by_staff ON behavior_ratings (tenant_id, staff_id, rated_at)`,
    );
    await db.query(`
      CREATE TABLE behavior_rating_incidents (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        rating_id uuid NOT NULL,
        incident_id uuid NOT NULL,
        PRIMARY KEY (tenant_id, rating_id, incident_id),
        FOREIGN KEY (tenant_id, rating_id) REFERENCES behavior_ratings (tenant_id, id),
        FOREIGN KEY (tenant_id, incident_id) REFERENCES critical_incidents (tenant_id, id)
      )`);
    await db.query(`
      CREATE TABLE bos_items (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        behavior text NOT NULL CHECK (length(behavior) BETWEEN 1 AND 300),
        active boolean NOT NULL DEFAULT true,
        position integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id)
      )`);
    await db.query(`
      CREATE TABLE bos_ratings (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        staff_id uuid NOT NULL,
        item_id uuid NOT NULL,
        frequency integer NOT NULL CHECK (frequency BETWEEN 1 AND 5),
        rated_by uuid NOT NULL,
        rated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, staff_id) REFERENCES users (tenant_id, id),
        FOREIGN KEY (tenant_id, rated_by) REFERENCES users (tenant_id, id),
        FOREIGN KEY (tenant_id, item_id) REFERENCES bos_items (tenant_id, id)
      )`);
    await db.query(`CREATE INDEX bos_ratings_by_staff ON bos_ratings (tenant_id, staff_id, rated_at)`);
    await db.query(`
      CREATE TABLE paired_comparison_sessions (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        staff_ids uuid[] NOT NULL CHECK (cardinality(staff_ids) BETWEEN 2 AND 30),
        state text NOT NULL DEFAULT 'OPEN' CHECK (state IN ('OPEN', 'CLOSED')),
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id)
      )`);
    await db.query(`
      CREATE TABLE paired_comparison_judgements (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        session_id uuid NOT NULL,
        first_id uuid NOT NULL,
        second_id uuid NOT NULL,
        winner_id uuid NOT NULL,
        judged_by uuid NOT NULL,
        judged_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, session_id, first_id, second_id),
        CHECK (first_id < second_id AND winner_id IN (first_id, second_id)),
        FOREIGN KEY (tenant_id, session_id) REFERENCES paired_comparison_sessions (tenant_id, id),
        FOREIGN KEY (tenant_id, judged_by) REFERENCES users (tenant_id, id)
      )`);
    const tables = [
      'bars_scales',
      'bars_anchors',
      'critical_incidents',
      'behavior_ratings',
      'behavior_rating_incidents',
      'bos_items',
      'bos_ratings',
      'paired_comparison_sessions',
      'paired_comparison_judgements',
    ];
    for (const table of tables) await enableTenantRls(db, table);
    await grantToApp(db, tables, 'SELECT, INSERT, UPDATE');
    await grantToApp(db, ['bars_anchors', 'paired_comparison_judgements'], 'DELETE');
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'paired_comparison_judgements',
      'paired_comparison_sessions',
      'bos_ratings',
      'bos_items',
      'behavior_rating_incidents',
      'behavior_ratings',
      'critical_incidents',
      'bars_anchors',
      'bars_scales',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
