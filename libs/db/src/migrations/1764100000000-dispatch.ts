import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls, grantToApp } from '../rls.js';

/**
 * Dispatch (DESIGN section 6.2): zones with a responsible person, shifts, the roster, work orders
 * with their accept and on-site clocks, per-tenant dispatch settings, and the daily briefings.
 */
export class Dispatch1764100000000 implements MigrationInterface {
  name = 'Dispatch1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE zones (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
        description text CHECK (length(description) <= 500),
        responsible_id uuid,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, name),
        FOREIGN KEY (tenant_id, responsible_id) REFERENCES users (tenant_id, id)
      )`);

    // A shift may cross midnight (ends_at <= starts_at): it then ends on the next day.
    await db.query(`
      CREATE TABLE shifts (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
        team text NOT NULL CHECK (team IN ('FRONT_DESK', 'FIELD')),
        starts_at time NOT NULL,
        ends_at time NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, name),
        CHECK (starts_at <> ends_at)
      )`);

    await db.query(`
      CREATE TABLE roster_entries (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        user_id uuid NOT NULL,
        date date NOT NULL,
        shift_id uuid NOT NULL,
        zone_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, user_id, date, shift_id),
        FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id),
        FOREIGN KEY (tenant_id, shift_id) REFERENCES shifts (tenant_id, id),
        FOREIGN KEY (tenant_id, zone_id) REFERENCES zones (tenant_id, id)
      )`);
    await db.query(`CREATE INDEX roster_entries_by_date ON roster_entries (tenant_id, date, zone_id)`);

    await db.query(`
      CREATE TABLE dispatch_settings (
        tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
        auto_dispatch boolean NOT NULL DEFAULT false,
        per_person_cap integer NOT NULL DEFAULT 5 CHECK (per_person_cap BETWEEN 1 AND 100),
        accept_minutes jsonb NOT NULL DEFAULT '{"P1": 10, "P2": 30, "P3": 60, "P4": 240}',
        onsite_minutes jsonb NOT NULL DEFAULT '{"P1": 30, "P2": 120, "P3": 480, "P4": 1440}',
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await db.query(`
      CREATE TABLE work_orders (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        number integer NOT NULL,
        source text NOT NULL CHECK (source IN ('COMPLAINT', 'CALL', 'WALK_IN', 'INSPECTION', 'INTERNAL')),
        complaint_id uuid,
        zone_id uuid NOT NULL,
        location text NOT NULL CHECK (length(location) BETWEEN 1 AND 300),
        priority text NOT NULL CHECK (priority IN ('P1', 'P2', 'P3', 'P4')),
        description text NOT NULL CHECK (length(description) BETWEEN 1 AND 5000),
        state text NOT NULL CHECK (state IN ('OPEN', 'ASSIGNED', 'ACCEPTED', 'IN_PROGRESS', 'DONE', 'CLOSED', 'CANCELLED')),
        assignee_id uuid,
        queued boolean NOT NULL DEFAULT false,
        assigned_at timestamptz,
        accepted_at timestamptz,
        started_at timestamptz,
        completed_at timestamptz,
        closed_at timestamptz,
        cancelled_at timestamptz,
        accept_due_at timestamptz NOT NULL,
        onsite_due_at timestamptz NOT NULL,
        accept_breached_at timestamptz,
        onsite_breached_at timestamptz,
        decline_count integer NOT NULL DEFAULT 0,
        declined_by uuid[] NOT NULL DEFAULT '{}',
        last_decline_reason text CHECK (length(last_decline_reason) <= 1000),
        completion_report text CHECK (length(completion_report) <= 5000),
        cancel_reason text CHECK (length(cancel_reason) <= 1000),
        idempotency_key text CHECK (length(idempotency_key) <= 100),
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, number),
        UNIQUE (tenant_id, idempotency_key),
        FOREIGN KEY (tenant_id, complaint_id) REFERENCES complaints (tenant_id, id),
        FOREIGN KEY (tenant_id, zone_id) REFERENCES zones (tenant_id, id),
        FOREIGN KEY (tenant_id, assignee_id) REFERENCES users (tenant_id, id),
        FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id)
      )`);
    await db.query(`CREATE INDEX work_orders_board ON work_orders (tenant_id, zone_id, state)`);
    await db.query(`CREATE INDEX work_orders_assignee ON work_orders (tenant_id, assignee_id, state)`);
    await db.query(`CREATE INDEX work_orders_complaint ON work_orders (tenant_id, complaint_id)`);
    await db.query(`CREATE INDEX work_orders_queue ON work_orders (tenant_id, created_at) WHERE queued`);

    await db.query(`
      CREATE TABLE briefings (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        date date NOT NULL,
        zone_id uuid NOT NULL,
        content jsonb NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, date, zone_id),
        FOREIGN KEY (tenant_id, zone_id) REFERENCES zones (tenant_id, id)
      )`);

    const tables = ['zones', 'shifts', 'roster_entries', 'dispatch_settings', 'work_orders', 'briefings'];
    for (const table of tables) await enableTenantRls(db, table);
    await grantToApp(db, tables, 'SELECT, INSERT, UPDATE');
    await grantToApp(db, ['roster_entries'], 'DELETE');
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'briefings',
      'work_orders',
      'dispatch_settings',
      'roster_entries',
      'shifts',
      'zones',
    ]) {
      await db.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
    }
  }
}
