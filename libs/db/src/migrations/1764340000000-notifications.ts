import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls, grantToApp } from '../rls.js';

/**
 * Customer notifications and e-mail intake (DESIGN sections 5, 6.1, 7): the outbound message queue the
 * worker delivers over SMTP and an SMS gateway, the per-tenant cursor of the consumer that turns
 * `complaint.*` events into messages, and the log of inbound mails (one row per Message-ID, so a mail
 * delivered twice opens one complaint).
 */
export class Notifications1764340000000 implements MigrationInterface {
  name = 'Notifications1764340000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE outbound_messages (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        customer_id uuid,
        complaint_id uuid,
        channel text NOT NULL CHECK (channel IN ('EMAIL', 'SMS')),
        template text NOT NULL CHECK (template IN ('ACKNOWLEDGEMENT', 'RESOLUTION', 'SURVEY_INVITATION', 'REVISIT', 'CUSTOM')),
        recipient text CHECK (length(recipient) <= 254),
        subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENT', 'FAILED', 'SKIPPED')),
        skip_reason text CHECK (skip_reason IN ('NO_CONSENT', 'NO_ADDRESS', 'DISABLED')),
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text CHECK (length(last_error) <= 1000),
        dedupe_key text NOT NULL CHECK (length(dedupe_key) BETWEEN 1 AND 200),
        provider_id text CHECK (length(provider_id) <= 300),
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, dedupe_key),
        CHECK ((status = 'SKIPPED') = (skip_reason IS NOT NULL)),
        FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
        FOREIGN KEY (tenant_id, complaint_id) REFERENCES complaints (tenant_id, id)
      )`);
    // The delivery job's claim: due PENDING messages in order.
    await db.query(
      `CREATE INDEX outbound_messages_due ON outbound_messages (tenant_id, next_attempt_at) WHERE status = 'PENDING'`,
    );
    await db.query(
      `CREATE INDEX outbound_messages_by_complaint ON outbound_messages (tenant_id, complaint_id, created_at)`,
    );

    await db.query(`
      CREATE TABLE notification_cursors (
        tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
        last_seq bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await db.query(`
      CREATE TABLE inbound_mails (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        message_id text NOT NULL CHECK (length(message_id) BETWEEN 1 AND 500),
        sender text NOT NULL CHECK (length(sender) <= 254),
        subject text CHECK (length(subject) <= 300),
        kind text NOT NULL CHECK (kind IN ('COMPLAINT', 'CUSTOMER_REPLY')),
        complaint_id uuid NOT NULL,
        customer_id uuid,
        size_bytes integer NOT NULL CHECK (size_bytes >= 0),
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, message_id),
        FOREIGN KEY (tenant_id, complaint_id) REFERENCES complaints (tenant_id, id),
        FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id)
      )`);

    // E-mail intake finds the customer by address.
    await db.query(`CREATE INDEX customers_by_email ON customers (tenant_id, lower(email))`);

    for (const table of ['outbound_messages', 'notification_cursors', 'inbound_mails'])
      await enableTenantRls(db, table);
    await grantToApp(
      db,
      ['outbound_messages', 'notification_cursors', 'inbound_mails'],
      'SELECT, INSERT, UPDATE',
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX customers_by_email`);
    await db.query(`DROP TABLE inbound_mails`);
    await db.query(`DROP TABLE notification_cursors`);
    await db.query(`DROP TABLE outbound_messages`);
  }
}
