import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, enableTenantRls, grantToApp } from '../rls.js';

/**
 * SERVQUAL surveys (DESIGN section 6.5): templates of items in the five dimensions, invitations with a
 * one-time token (stored only as its SHA-256), responses from revisits or public links, and their
 * answers as expectation E and perception P on 1–7.
 */
export class Surveys1764330000000 implements MigrationInterface {
  name = 'Surveys1764330000000';

  async up(db: QueryRunner): Promise<void> {
    // A template that has responses is never changed: editing it makes a new version that points back.
    await db.query(`
      CREATE TABLE survey_templates (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        language text NOT NULL CHECK (length(language) BETWEEN 2 AND 20),
        active boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        previous_version_id uuid,
        seeded boolean NOT NULL DEFAULT false,
        csat_question text CHECK (length(csat_question) <= 500),
        idempotency_key text CHECK (length(idempotency_key) <= 100),
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, idempotency_key),
        UNIQUE (tenant_id, previous_version_id),
        FOREIGN KEY (tenant_id, previous_version_id) REFERENCES survey_templates (tenant_id, id),
        FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id)
      )`);
    // The default SERVQUAL template is created once per tenant, however many requests race to create it.
    await db.query(
      `CREATE UNIQUE INDEX survey_templates_one_seeded ON survey_templates (tenant_id) WHERE seeded`,
    );

    await db.query(`
      CREATE TABLE survey_items (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        template_id uuid NOT NULL,
        dimension text NOT NULL CHECK (dimension IN ('TANGIBLES', 'RELIABILITY', 'RESPONSIVENESS', 'ASSURANCE', 'EMPATHY')),
        text text NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
        text_en text CHECK (length(text_en) <= 500),
        position integer NOT NULL CHECK (position >= 1),
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, template_id, position),
        FOREIGN KEY (tenant_id, template_id) REFERENCES survey_templates (tenant_id, id)
      )`);

    await db.query(`
      CREATE TABLE survey_invitations (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        template_id uuid NOT NULL,
        token_hash text NOT NULL CHECK (length(token_hash) = 64),
        customer_id uuid,
        zone_id uuid,
        revisit_id uuid,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        idempotency_key text CHECK (length(idempotency_key) <= 100),
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, token_hash),
        UNIQUE (tenant_id, idempotency_key),
        FOREIGN KEY (tenant_id, template_id) REFERENCES survey_templates (tenant_id, id),
        FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
        FOREIGN KEY (tenant_id, zone_id) REFERENCES zones (tenant_id, id),
        FOREIGN KEY (tenant_id, revisit_id) REFERENCES revisit_tasks (tenant_id, id),
        FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id)
      )`);
    // The public side finds an invitation by the hash of its token alone (before it knows the tenant).
    await db.query(`CREATE INDEX survey_invitations_by_token ON survey_invitations (token_hash)`);

    await db.query(`
      CREATE TABLE survey_responses (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        template_id uuid NOT NULL,
        channel text NOT NULL CHECK (channel IN ('REVISIT', 'PUBLIC_LINK')),
        customer_id uuid,
        revisit_id uuid,
        zone_id uuid,
        invitation_id uuid,
        csat smallint CHECK (csat BETWEEN 1 AND 5),
        comment text CHECK (length(comment) <= 2000),
        submitted_by uuid,
        idempotency_key text CHECK (length(idempotency_key) <= 100),
        submitted_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, invitation_id),
        UNIQUE (tenant_id, revisit_id),
        UNIQUE (tenant_id, idempotency_key),
        CHECK (channel <> 'PUBLIC_LINK' OR invitation_id IS NOT NULL),
        CHECK (channel <> 'REVISIT' OR revisit_id IS NOT NULL),
        FOREIGN KEY (tenant_id, template_id) REFERENCES survey_templates (tenant_id, id),
        FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
        FOREIGN KEY (tenant_id, revisit_id) REFERENCES revisit_tasks (tenant_id, id),
        FOREIGN KEY (tenant_id, zone_id) REFERENCES zones (tenant_id, id),
        FOREIGN KEY (tenant_id, invitation_id) REFERENCES survey_invitations (tenant_id, id),
        FOREIGN KEY (tenant_id, submitted_by) REFERENCES users (tenant_id, id)
      )`);
    await db.query(`CREATE INDEX survey_responses_by_time ON survey_responses (tenant_id, submitted_at)`);
    await db.query(`CREATE INDEX survey_responses_by_template ON survey_responses (tenant_id, template_id)`);

    await db.query(`
      CREATE TABLE survey_answers (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        response_id uuid NOT NULL,
        item_id uuid NOT NULL,
        expectation smallint NOT NULL CHECK (expectation BETWEEN 1 AND 7),
        perception smallint NOT NULL CHECK (perception BETWEEN 1 AND 7),
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, response_id, item_id),
        FOREIGN KEY (tenant_id, response_id) REFERENCES survey_responses (tenant_id, id),
        FOREIGN KEY (tenant_id, item_id) REFERENCES survey_items (tenant_id, id)
      )`);

    await db.query(`
      CREATE FUNCTION survey_invitation_by_token_hash(p_hash text)
      RETURNS TABLE (tenant_id uuid, id uuid)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT tenant_id, id FROM survey_invitations WHERE token_hash = p_hash
      $$`);
    await db.query(`REVOKE ALL ON FUNCTION survey_invitation_by_token_hash(text) FROM PUBLIC`);
    await db.query(`GRANT EXECUTE ON FUNCTION survey_invitation_by_token_hash(text) TO ${APP_ROLE}`);

    const tables = [
      'survey_templates',
      'survey_items',
      'survey_invitations',
      'survey_responses',
      'survey_answers',
    ];
    for (const table of tables) await enableTenantRls(db, table);
    await grantToApp(db, tables, 'SELECT, INSERT, UPDATE');
    // Items of a template nobody has answered yet are replaced in place when the owner edits it.
    await grantToApp(db, ['survey_items'], 'DELETE');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION IF EXISTS survey_invitation_by_token_hash(text)`);
    for (const table of [
      'survey_answers',
      'survey_responses',
      'survey_invitations',
      'survey_items',
      'survey_templates',
    ]) {
      await db.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
    }
  }
}
