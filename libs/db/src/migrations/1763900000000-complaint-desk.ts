import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, enableTenantRls, grantToApp } from '../rls.js';

const CHANNELS = `'PHONE', 'SMS', 'EMAIL', 'FAX', 'IM', 'WALK_IN', 'WEB'`;
const CATEGORIES = `'PRODUCT_QUALITY', 'SERVICE_ATTITUDE', 'MISLEADING_PROMOTION', 'CUSTOMER_EXPECTATION', 'MANAGEMENT', 'OTHER'`;
const SEVERITIES = `'LOW', 'NORMAL', 'HIGH', 'CRITICAL'`;
const STATES = `'RECEIVED', 'ACKNOWLEDGED', 'INVESTIGATING', 'AWAITING_CUSTOMER', 'PROPOSED', 'RESOLVED', 'CLOSED'`;

/**
 * The complaint desk (DESIGN section 6.1): per-tenant SLA policy and compensation authority, the chain
 * SLA floor, complaints with their clocks, pauses, escalations, promises, proposals, notes, goodwill
 * points for the loyalty ledger, and the revisit tasks that close the loop.
 */
export class ComplaintDesk1763900000000 implements MigrationInterface {
  name = 'ComplaintDesk1763900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE tenant_counters (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        name text NOT NULL,
        last_value bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant_id, name)
      )`);

    await db.query(`
      CREATE TABLE complaint_policies (
        tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
        first_reply_minutes integer NOT NULL DEFAULT 1440 CHECK (first_reply_minutes BETWEEN 1 AND 43200),
        resolution_minutes integer NOT NULL DEFAULT 2880 CHECK (resolution_minutes BETWEEN 1 AND 129600),
        revisit_days integer NOT NULL DEFAULT 7 CHECK (revisit_days BETWEEN 1 AND 90),
        severity_overrides jsonb NOT NULL DEFAULT '{}',
        business_hours jsonb,
        holidays jsonb NOT NULL DEFAULT '[]',
        agent_compensation_limit numeric(12, 2) NOT NULL DEFAULT 200 CHECK (agent_compensation_limit >= 0),
        supervisor_compensation_limit numeric(12, 2) NOT NULL DEFAULT 2000 CHECK (supervisor_compensation_limit >= 0),
        reopen_window_days integer NOT NULL DEFAULT 30 CHECK (reopen_window_days BETWEEN 1 AND 365),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    // Chain standards published by HQ; the stores of the chain read them.
    await db.query(`
      CREATE TABLE chain_standards (
        chain_id uuid PRIMARY KEY REFERENCES chains (id),
        sla_floor jsonb NOT NULL DEFAULT '{}',
        published_at timestamptz,
        published_by uuid
      )`);
    await db.query(`ALTER TABLE chain_standards ENABLE ROW LEVEL SECURITY`);
    await db.query(`ALTER TABLE chain_standards FORCE ROW LEVEL SECURITY`);
    await db.query(`
      CREATE POLICY chain_isolation ON chain_standards
      USING (chain_id = app_chain_id() OR chain_id = (SELECT t.chain_id FROM tenants t WHERE t.id = app_tenant_id()))
      WITH CHECK (chain_id = app_chain_id())`);

    await db.query(`
      CREATE TABLE complaints (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        number integer NOT NULL,
        tracking_code text NOT NULL UNIQUE,
        customer_id uuid,
        contact_name text CHECK (length(contact_name) <= 120),
        contact_phone text CHECK (length(contact_phone) <= 32),
        contact_email text CHECK (length(contact_email) <= 254),
        channel text NOT NULL CHECK (channel IN (${CHANNELS})),
        category text NOT NULL CHECK (category IN (${CATEGORIES})),
        subcategory text CHECK (length(subcategory) <= 60),
        severity text NOT NULL CHECK (severity IN (${SEVERITIES})),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        description text NOT NULL CHECK (length(description) BETWEEN 1 AND 5000),
        state text NOT NULL CHECK (state IN (${STATES})),
        handler_id uuid,
        escalation_level integer NOT NULL DEFAULT 0 CHECK (escalation_level BETWEEN 0 AND 2),
        received_at timestamptz NOT NULL,
        clock_started_at timestamptz NOT NULL,
        acknowledged_at timestamptz,
        resolved_at timestamptz,
        closed_at timestamptz,
        first_reply_due_at timestamptz NOT NULL,
        first_reply_warn_at timestamptz NOT NULL,
        resolution_due_at timestamptz,
        resolution_warn_at timestamptz,
        first_reply_warned_at timestamptz,
        first_reply_breached_at timestamptz,
        resolution_warned_at timestamptz,
        resolution_breached_at timestamptz,
        negotiation_rounds integer NOT NULL DEFAULT 0,
        reopen_count integer NOT NULL DEFAULT 0,
        resolution_summary text CHECK (length(resolution_summary) <= 2000),
        close_reason text CHECK (length(close_reason) <= 1000),
        force_closed boolean NOT NULL DEFAULT false,
        root_cause text CHECK (length(root_cause) <= 2000),
        preventive_action text CHECK (length(preventive_action) <= 2000),
        in_case_library boolean NOT NULL DEFAULT false,
        evaluated_at timestamptz,
        evaluated_by uuid,
        idempotency_key text CHECK (length(idempotency_key) <= 100),
        submitted_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, number),
        UNIQUE (tenant_id, idempotency_key),
        FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
        FOREIGN KEY (tenant_id, handler_id) REFERENCES users (tenant_id, id),
        FOREIGN KEY (tenant_id, submitted_by) REFERENCES users (tenant_id, id),
        FOREIGN KEY (tenant_id, evaluated_by) REFERENCES users (tenant_id, id)
      )`);
    await db.query(`CREATE INDEX complaints_queue ON complaints (tenant_id, state, resolution_due_at)`);
    await db.query(`CREATE INDEX complaints_handler ON complaints (tenant_id, handler_id, state)`);
    await db.query(`CREATE INDEX complaints_customer ON complaints (tenant_id, customer_id)`);
    await db.query(`CREATE INDEX complaints_received ON complaints (tenant_id, received_at)`);
    await db.query(
      `CREATE INDEX complaints_text_trgm ON complaints USING gin ((title || ' ' || description || ' ' || coalesce(root_cause, '') || ' ' || coalesce(preventive_action, '')) gin_trgm_ops)`,
    );

    const child = (table: string, columns: string) =>
      db.query(`
        CREATE TABLE ${table} (
          tenant_id uuid NOT NULL,
          id uuid NOT NULL,
          complaint_id uuid NOT NULL,
          ${columns},
          PRIMARY KEY (tenant_id, id),
          FOREIGN KEY (tenant_id, complaint_id) REFERENCES complaints (tenant_id, id)
        )`);

    await child(
      'complaint_pauses',
      `reason text NOT NULL CHECK (length(reason) <= 1000),
       started_at timestamptz NOT NULL,
       ended_at timestamptz`,
    );
    await child(
      'complaint_escalations',
      `from_level integer NOT NULL,
       to_level integer NOT NULL,
       from_handler_id uuid,
       to_handler_id uuid NOT NULL,
       reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
       agreed_reply_at timestamptz,
       by_system boolean NOT NULL DEFAULT false,
       actor_id uuid,
       at timestamptz NOT NULL DEFAULT now()`,
    );
    await child(
      'complaint_promises',
      `kind text NOT NULL CHECK (kind IN ('ACKNOWLEDGEMENT', 'ESCALATION')),
       promised_by uuid,
       made_at timestamptz NOT NULL DEFAULT now(),
       due_at timestamptz NOT NULL,
       kept_at timestamptz,
       broken_at timestamptz`,
    );
    await db.query(
      `CREATE INDEX complaint_promises_open ON complaint_promises (tenant_id, due_at) WHERE kept_at IS NULL AND broken_at IS NULL`,
    );
    await child(
      'complaint_proposals',
      `round integer NOT NULL,
       proposed_by uuid NOT NULL,
       proposed_at timestamptz NOT NULL DEFAULT now(),
       status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'ACCEPTED', 'REJECTED')),
       decided_at timestamptz,
       customer_comment text CHECK (length(customer_comment) <= 2000)`,
    );
    await db.query(`
      CREATE TABLE complaint_proposal_options (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        proposal_id uuid NOT NULL,
        position integer NOT NULL,
        remedy text NOT NULL CHECK (remedy IN ('REPAIR', 'REPLACE', 'REFUND', 'VOUCHER', 'POINTS', 'APOLOGY', 'OTHER')),
        amount numeric(12, 2) NOT NULL DEFAULT 0 CHECK (amount >= 0),
        points integer CHECK (points > 0),
        description text NOT NULL CHECK (length(description) BETWEEN 1 AND 1000),
        accepted boolean NOT NULL DEFAULT false,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, proposal_id) REFERENCES complaint_proposals (tenant_id, id)
      )`);
    await child(
      'complaint_notes',
      `author_id uuid,
       visibility text NOT NULL CHECK (visibility IN ('INTERNAL', 'PUBLIC')),
       body text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
       at timestamptz NOT NULL DEFAULT now()`,
    );
    await db.query(
      `CREATE INDEX complaint_notes_by_complaint ON complaint_notes (tenant_id, complaint_id, at)`,
    );

    // POINTS remedies of resolved complaints, for the loyalty ledger to post (idempotently, by key).
    await db.query(`
      CREATE TABLE goodwill_points (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        complaint_id uuid NOT NULL,
        customer_id uuid NOT NULL,
        points integer NOT NULL CHECK (points > 0),
        idempotency_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        posted_at timestamptz,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, idempotency_key),
        FOREIGN KEY (tenant_id, complaint_id) REFERENCES complaints (tenant_id, id),
        FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id)
      )`);

    // Revisit tasks (DESIGN section 6.3); the complaint desk creates COMPLAINT revisits.
    await db.query(`
      CREATE TABLE revisit_tasks (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        type text NOT NULL CHECK (type IN ('SUPERVISORY', 'MAINTENANCE', 'COMPLAINT', 'AFTER_SALES', 'CHURN_WINBACK', 'SURVEY')),
        customer_id uuid,
        complaint_id uuid,
        work_order_id uuid,
        campaign_id uuid,
        assignee_id uuid,
        channel text NOT NULL DEFAULT 'PHONE' CHECK (channel IN ('PHONE', 'SMS', 'EMAIL', 'IM')),
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'IN_PROGRESS', 'COMPLETED', 'UNREACHABLE', 'CANCELLED')),
        due_at timestamptz NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        satisfaction integer CHECK (satisfaction BETWEEN 1 AND 5),
        notes text CHECK (length(notes) <= 5000),
        completed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
        FOREIGN KEY (tenant_id, complaint_id) REFERENCES complaints (tenant_id, id),
        FOREIGN KEY (tenant_id, assignee_id) REFERENCES users (tenant_id, id)
      )`);
    await db.query(`CREATE INDEX revisit_tasks_due ON revisit_tasks (tenant_id, status, due_at)`);
    // At most one open COMPLAINT revisit per complaint.
    await db.query(`
      CREATE UNIQUE INDEX revisit_tasks_one_open_per_complaint ON revisit_tasks (tenant_id, complaint_id)
      WHERE type = 'COMPLAINT' AND status IN ('PENDING', 'IN_PROGRESS')`);

    // Public intake knows a tenant only by slug, and tracking only by code.
    await db.query(`
      CREATE FUNCTION public_tenant_by_slug(p_slug text)
      RETURNS TABLE (id uuid, time_zone text)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT id, time_zone FROM tenants WHERE slug = p_slug AND kind = 'STORE'
      $$`);
    await db.query(`
      CREATE FUNCTION complaint_by_tracking_code(p_code text)
      RETURNS TABLE (tenant_id uuid, id uuid)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT tenant_id, id FROM complaints WHERE tracking_code = p_code
      $$`);
    for (const fn of ['public_tenant_by_slug(text)', 'complaint_by_tracking_code(text)']) {
      await db.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
      await db.query(`GRANT EXECUTE ON FUNCTION ${fn} TO ${APP_ROLE}`);
    }

    const tenantTables = [
      'tenant_counters',
      'complaint_policies',
      'complaints',
      'complaint_pauses',
      'complaint_escalations',
      'complaint_promises',
      'complaint_proposals',
      'complaint_proposal_options',
      'complaint_notes',
      'goodwill_points',
      'revisit_tasks',
    ];
    for (const table of tenantTables) await enableTenantRls(db, table);
    await grantToApp(db, tenantTables, 'SELECT, INSERT, UPDATE');
    await grantToApp(db, ['chain_standards'], 'SELECT, INSERT, UPDATE');
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'revisit_tasks',
      'goodwill_points',
      'complaint_notes',
      'complaint_proposal_options',
      'complaint_proposals',
      'complaint_promises',
      'complaint_escalations',
      'complaint_pauses',
      'complaints',
      'chain_standards',
      'complaint_policies',
      'tenant_counters',
    ]) {
      await db.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
    }
    await db.query(`DROP FUNCTION IF EXISTS public_tenant_by_slug(text)`);
    await db.query(`DROP FUNCTION IF EXISTS complaint_by_tracking_code(text)`);
  }
}
