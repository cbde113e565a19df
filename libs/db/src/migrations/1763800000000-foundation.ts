import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, enableTenantRls, grantToApp } from '../rls.js';

/**
 * Chains, tenants, users and tokens, customers, the per-tenant event log, login rate limits, and the
 * security-definer functions the application role may call before a tenant is known (login).
 */
export class Foundation1763800000000 implements MigrationInterface {
  name = 'Foundation1763800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await db.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    await db.query(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`);

    await db.query(`
      CREATE FUNCTION app_tenant_id() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE AS
      $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$`);
    await db.query(`
      CREATE FUNCTION app_chain_id() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE AS
      $$ SELECT nullif(current_setting('app.chain_id', true), '')::uuid $$`);

    await db.query(`
      CREATE TABLE chains (
        id uuid PRIMARY KEY,
        slug text NOT NULL UNIQUE,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    // A chain's HQ is itself a tenant (kind HQ) so that HQ users fit the (tenant_id, id) key.
    await db.query(`
      CREATE TABLE tenants (
        id uuid PRIMARY KEY,
        chain_id uuid NOT NULL REFERENCES chains (id),
        kind text NOT NULL CHECK (kind IN ('HQ', 'STORE')),
        slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,39}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        time_zone text NOT NULL DEFAULT 'Asia/Shanghai',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`ALTER TABLE tenants ENABLE ROW LEVEL SECURITY`);
    await db.query(`ALTER TABLE tenants FORCE ROW LEVEL SECURITY`);
    // A tenant sees itself; HQ (app.chain_id set) sees the tenants of its chain.
    await db.query(`
      CREATE POLICY tenant_isolation ON tenants
      USING (id = app_tenant_id() OR chain_id = app_chain_id())
      WITH CHECK (id = app_tenant_id())`);

    await db.query(`
      CREATE TABLE users (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        email text NOT NULL CHECK (length(email) <= 254),
        display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
        role text NOT NULL CHECK (role IN ('HQ_ADMIN', 'OWNER', 'SUPERVISOR', 'AGENT', 'FIELD_STAFF', 'HR')),
        password_hash text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        idempotency_key text CHECK (length(idempotency_key) <= 100),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, idempotency_key)
      )`);
    // E-mail is the login name, unique across the platform.
    await db.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);

    await db.query(`
      CREATE TABLE refresh_tokens (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        user_id uuid NOT NULL,
        family_id uuid NOT NULL,
        token_hash text NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
      )`);
    await db.query(`CREATE INDEX refresh_tokens_family ON refresh_tokens (tenant_id, family_id)`);
    await db.query(`CREATE INDEX refresh_tokens_expiry ON refresh_tokens (tenant_id, expires_at)`);

    await db.query(`
      CREATE TABLE customers (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        phone text CHECK (length(phone) <= 32),
        email text CHECK (length(email) <= 254),
        member_number text CHECK (length(member_number) <= 40),
        address text CHECK (length(address) <= 300),
        tier text NOT NULL DEFAULT 'STANDARD' CHECK (tier IN ('STANDARD', 'SILVER', 'GOLD', 'PREMIUM')),
        consent_to_contact boolean NOT NULL DEFAULT false,
        status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'AT_RISK', 'CHURNED', 'WON_BACK')),
        idempotency_key text CHECK (length(idempotency_key) <= 100),
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, member_number),
        UNIQUE (tenant_id, idempotency_key),
        FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id)
      )`);
    await db.query(`CREATE INDEX customers_by_name ON customers (tenant_id, name, id)`);
    await db.query(`CREATE INDEX customers_name_trgm ON customers USING gin (name gin_trgm_ops)`);
    await db.query(`CREATE INDEX customers_by_phone ON customers (tenant_id, phone)`);

    // The per-tenant sequenced event log (DESIGN section 5). seq comes from a counter row locked in
    // the writing transaction, so seq order is commit order within a tenant and has no gaps.
    await db.query(`
      CREATE TABLE tenant_event_counters (
        tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
        last_seq bigint NOT NULL DEFAULT 0
      )`);
    await db.query(`
      CREATE TABLE tenant_events (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        seq bigint NOT NULL,
        type text NOT NULL,
        entity_kind text NOT NULL,
        entity_id uuid NOT NULL,
        actor_id uuid,
        at timestamptz NOT NULL DEFAULT now(),
        data jsonb NOT NULL DEFAULT '{}',
        PRIMARY KEY (tenant_id, seq)
      )`);
    await db.query(
      `CREATE INDEX tenant_events_entity ON tenant_events (tenant_id, entity_kind, entity_id, seq)`,
    );
    await db.query(`
      CREATE FUNCTION append_tenant_event(p_type text, p_entity_kind text, p_entity_id uuid, p_actor_id uuid, p_data jsonb)
      RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE
        next_seq bigint;
      BEGIN
        INSERT INTO tenant_event_counters AS c (tenant_id, last_seq) VALUES (app_tenant_id(), 1)
        ON CONFLICT (tenant_id) DO UPDATE SET last_seq = c.last_seq + 1
        RETURNING last_seq INTO next_seq;
        INSERT INTO tenant_events (tenant_id, seq, type, entity_kind, entity_id, actor_id, data)
        VALUES (app_tenant_id(), next_seq, p_type, p_entity_kind, p_entity_id, p_actor_id, coalesce(p_data, '{}'));
        RETURN next_seq;
      END $$`);
    // NOTIFY is delivered at commit, so listeners only hear of committed events.
    await db.query(`
      CREATE FUNCTION notify_tenant_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('tenant_events', NEW.tenant_id::text || ':' || NEW.seq::text);
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER tenant_events_notify AFTER INSERT ON tenant_events
      FOR EACH ROW EXECUTE FUNCTION notify_tenant_event()`);

    // Global, not tenant data: keys are hashes of e-mail or address.
    await db.query(`
      CREATE TABLE rate_limits (
        key text PRIMARY KEY,
        window_start timestamptz NOT NULL,
        hits integer NOT NULL
      )`);

    // Login happens before the tenant is known: a narrow definer function finds the account.
    await db.query(`
      CREATE FUNCTION auth_find_user(p_email text)
      RETURNS TABLE (tenant_id uuid, id uuid, chain_id uuid, role text, password_hash text, active boolean)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT u.tenant_id, u.id, t.chain_id, u.role, u.password_hash, u.active
        FROM users u JOIN tenants t ON t.id = u.tenant_id
        WHERE lower(u.email) = lower(p_email)
      $$`);
    // Every authenticated request checks that its user is still active and reads the current role.
    await db.query(`
      CREATE FUNCTION auth_user_state(p_tenant_id uuid, p_user_id uuid)
      RETURNS TABLE (active boolean, role text, chain_id uuid)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT u.active, u.role, t.chain_id FROM users u JOIN tenants t ON t.id = u.tenant_id
        WHERE u.tenant_id = p_tenant_id AND u.id = p_user_id
      $$`);
    // Jobs fan out per tenant; they need the ids and nothing else.
    await db.query(`
      CREATE FUNCTION store_tenant_ids() RETURNS SETOF uuid
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT id FROM tenants WHERE kind = 'STORE' ORDER BY id
      $$`);
    for (const fn of ['auth_find_user(text)', 'auth_user_state(uuid, uuid)', 'store_tenant_ids()']) {
      await db.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
      await db.query(`GRANT EXECUTE ON FUNCTION ${fn} TO ${APP_ROLE}`);
    }

    for (const table of ['users', 'refresh_tokens', 'customers', 'tenant_events', 'tenant_event_counters']) {
      await enableTenantRls(db, table);
    }
    await grantToApp(db, ['chains'], 'SELECT');
    await grantToApp(
      db,
      ['tenants', 'users', 'customers', 'tenant_event_counters'],
      'SELECT, INSERT, UPDATE',
    );
    await grantToApp(db, ['tenant_events'], 'SELECT, INSERT');
    await grantToApp(db, ['refresh_tokens', 'rate_limits'], 'SELECT, INSERT, UPDATE, DELETE');
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'rate_limits',
      'tenant_events',
      'tenant_event_counters',
      'customers',
      'refresh_tokens',
      'users',
      'tenants',
      'chains',
    ]) {
      await db.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
    }
    for (const fn of [
      'auth_find_user(text)',
      'auth_user_state(uuid, uuid)',
      'store_tenant_ids()',
      'append_tenant_event(text, text, uuid, uuid, jsonb)',
      'notify_tenant_event()',
      'app_tenant_id()',
      'app_chain_id()',
    ]) {
      await db.query(`DROP FUNCTION IF EXISTS ${fn}`);
    }
  }
}
