import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { Category, Channel, ComplaintsService, Remedy } from '@service-desk/complaints';
import { newId, reloadConfig, RequestContext, Role } from '@service-desk/core';
import { Database } from '@service-desk/db';
import {
  asOwner,
  createTenantFixture,
  type SmsGateway,
  type SmtpSink,
  startSmsGateway,
  startSmtpSink,
  type TenantFixture,
} from '@service-desk/testing';
import { MessageDeliveryJob } from './message-delivery.job.js';
import { NotificationProducerJob } from './notification-producer.job.js';
import { MessageChannel, MessageTemplate } from './notification.enums.js';
import { OutboundQueue } from './outbound-queue.service.js';
import { notificationsContext } from './testing/notifications-context.js';

const HOUR = 3_600_000;
const ENV_KEYS = [
  'SMTP_URL',
  'SMS_GATEWAY_URL',
  'SMS_GATEWAY_TOKEN',
  'NOTIFY_MAX_ATTEMPTS',
  'NOTIFY_RETRY_BASE',
];

function configure(values: Record<string, string | undefined>): void {
  for (const key of ENV_KEYS) delete process.env[key];
  for (const [key, value] of Object.entries(values)) if (value !== undefined) process.env[key] = value;
  reloadConfig();
}

interface MessageRow {
  id: string;
  channel: string;
  template: string;
  recipient: string | null;
  subject: string;
  body: string;
  status: string;
  skip_reason: string | null;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date;
  sent_at: Date | null;
}

const messages = (tenantId: string) =>
  asOwner(tenantId, async (client) => {
    const { rows } = await client.query<MessageRow>(
      `SELECT * FROM outbound_messages WHERE tenant_id = $1 ORDER BY created_at, id`,
      [tenantId],
    );
    return rows;
  });

/** Makes a retried message due now (the test stands in for the clock). */
const makeDue = (tenantId: string) =>
  asOwner(tenantId, (client) =>
    client.query(
      `UPDATE outbound_messages SET next_attempt_at = now() WHERE tenant_id = $1 AND status = 'PENDING'`,
      [tenantId],
    ),
  );

describe('customer notifications', () => {
  let app: INestApplicationContext;
  let second: INestApplicationContext;
  let sink: SmtpSink;
  let gateway: SmsGateway;
  let producer: NotificationProducerJob;
  let delivery: MessageDeliveryJob;
  let complaints: ComplaintsService;

  beforeAll(async () => {
    [app, second, sink, gateway] = await Promise.all([
      notificationsContext(),
      notificationsContext(),
      startSmtpSink(),
      startSmsGateway(),
    ]);
    producer = app.get(NotificationProducerJob);
    delivery = app.get(MessageDeliveryJob);
    complaints = app.get(ComplaintsService);
  });
  afterEach(() => configure({}));
  afterAll(async () => {
    await Promise.all([app.close(), second.close(), sink.close(), gateway.close()]);
  });

  const asAgent = <T>(tenant: TenantFixture, work: () => Promise<T>) =>
    RequestContext.run(
      {
        requestId: `test-${newId()}`,
        actor: {
          userId: tenant.users.AGENT.id,
          tenantId: tenant.tenantId,
          chainId: tenant.chainId,
          role: Role.AGENT,
        },
      },
      work,
    );

  async function customer(
    tenant: TenantFixture,
    contact: { email?: string; phone?: string; consent: boolean },
  ): Promise<string> {
    const id = newId();
    await asOwner(tenant.tenantId, (client) =>
      client.query(
        `INSERT INTO customers (tenant_id, id, name, email, phone, consent_to_contact) VALUES ($1, $2, '李先生', $3, $4, $5)`,
        [tenant.tenantId, id, contact.email ?? null, contact.phone ?? null, contact.consent],
      ),
    );
    return id;
  }

  /** A staff-filed complaint, acknowledged with a promised reply time. */
  async function acknowledged(tenant: TenantFixture, customerId: string, channel = Channel.WALK_IN) {
    return asAgent(tenant, async () => {
      const complaint = await complaints.submit({
        customerId,
        channel,
        category: Category.SERVICE_ATTITUDE,
        title: '前台态度不好',
        description: '前台接待时态度冷淡。',
      });
      const promisedReplyAt = new Date(Date.now() + 20 * HOUR);
      await complaints.acknowledge({ complaintId: complaint.id, promisedReplyAt });
      return { ...complaint, promisedReplyAt };
    });
  }

  it('e-mails the acknowledgement with the tracking code and promised time, once', async () => {
    configure({ SMTP_URL: sink.url });
    const tenant = await createTenantFixture();
    const email = `li-${newId().slice(-8)}@example.com`;
    const complaint = await acknowledged(tenant, await customer(tenant, { email, consent: true }));

    expect(await producer.run(tenant.tenantId)).toEqual({ events: 1, enqueued: 1 });
    expect(await producer.run(tenant.tenantId)).toEqual({ events: 0, enqueued: 0 });
    expect(await delivery.run(tenant.tenantId)).toMatchObject({ sent: 1, retried: 0, failed: 0 });

    const [message] = await messages(tenant.tenantId);
    expect(message).toMatchObject({
      channel: 'EMAIL',
      template: 'ACKNOWLEDGEMENT',
      recipient: email,
      status: 'SENT',
      attempts: 1,
    });
    expect(message.sent_at).not.toBeNull();
    const mails = sink.received.filter((m) => m.messageId === message.id);
    expect(mails).toHaveLength(1);
    expect(mails[0].envelopeTo).toEqual([email]);
    expect(mails[0].parsed.subject).toContain(complaint.trackingCode);
    expect(mails[0].parsed.text).toContain(complaint.trackingCode);
    expect(mails[0].parsed.text).toContain('已受理');
    expect(mails[0].parsed.headers.get('auto-submitted')).toBe('auto-generated');
    // The intake is off here, so replies go to MAIL_FROM.
    expect(mails[0].parsed.replyTo).toBeUndefined();
    // The promised time, in the store's time zone (Asia/Shanghai, UTC+8).
    const local = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Shanghai',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(complaint.promisedReplyAt);
    expect(mails[0].parsed.text).toContain(local);
    expect(await delivery.run(tenant.tenantId)).toMatchObject({ sent: 0 });
  });

  it('records a customer without consent as SKIPPED (NO_CONSENT) and sends nothing', async () => {
    configure({ SMTP_URL: sink.url });
    const tenant = await createTenantFixture();
    const email = `nc-${newId().slice(-8)}@example.com`;
    await acknowledged(tenant, await customer(tenant, { email, consent: false }));
    await producer.run(tenant.tenantId);
    expect(await delivery.run(tenant.tenantId)).toEqual({ sent: 0, retried: 0, failed: 0, skipped: 0 });
    expect(await messages(tenant.tenantId)).toMatchObject([
      { template: 'ACKNOWLEDGEMENT', status: 'SKIPPED', skip_reason: 'NO_CONSENT', attempts: 0 },
    ]);
    expect(sink.received.filter((m) => m.envelopeTo.includes(email))).toHaveLength(0);
  });

  it('retries a failing SMTP server with exponential backoff, then delivers', async () => {
    configure({ SMTP_URL: sink.url, NOTIFY_RETRY_BASE: '1m', NOTIFY_MAX_ATTEMPTS: '5' });
    const tenant = await createTenantFixture();
    const email = `retry-${newId().slice(-8)}@example.com`;
    await acknowledged(tenant, await customer(tenant, { email, consent: true }));
    await producer.run(tenant.tenantId);

    sink.failNext(2);
    const windows = [
      [48_000, 72_000],
      [96_000, 144_000],
    ];
    for (const [attempt, [low, high]] of windows.entries()) {
      const before = Date.now();
      expect(await delivery.run(tenant.tenantId)).toMatchObject({ retried: 1, sent: 0 });
      const [message] = await messages(tenant.tenantId);
      expect(message).toMatchObject({ status: 'PENDING', attempts: attempt + 1 });
      expect(message.last_error).toMatch(/451/);
      const wait = message.next_attempt_at.getTime() - before;
      expect(wait).toBeGreaterThanOrEqual(low - 2_000);
      expect(wait).toBeLessThanOrEqual(high + 2_000);
      // Not due yet: another run leaves it alone.
      expect(await delivery.run(tenant.tenantId)).toMatchObject({ retried: 0, sent: 0 });
      await makeDue(tenant.tenantId);
    }
    expect(await delivery.run(tenant.tenantId)).toMatchObject({ sent: 1 });
    const [message] = await messages(tenant.tenantId);
    expect(message).toMatchObject({ status: 'SENT', attempts: 3 });
    expect(sink.received.filter((m) => m.messageId === message.id)).toHaveLength(1);
  });

  it('gives up as FAILED after the maximum attempts', async () => {
    configure({ SMTP_URL: sink.url, NOTIFY_RETRY_BASE: '1m', NOTIFY_MAX_ATTEMPTS: '2' });
    const tenant = await createTenantFixture();
    await acknowledged(
      tenant,
      await customer(tenant, { email: `fail-${newId().slice(-8)}@example.com`, consent: true }),
    );
    await producer.run(tenant.tenantId);
    sink.failNext(2);
    expect(await delivery.run(tenant.tenantId)).toMatchObject({ retried: 1 });
    await makeDue(tenant.tenantId);
    expect(await delivery.run(tenant.tenantId)).toMatchObject({ failed: 1 });
    const [message] = await messages(tenant.tenantId);
    expect(message).toMatchObject({ status: 'FAILED', attempts: 2 });
    expect(message.last_error).toMatch(/451/);
    await makeDue(tenant.tenantId);
    expect(await delivery.run(tenant.tenantId)).toEqual({ sent: 0, retried: 0, failed: 0, skipped: 0 });
    expect(sink.received.filter((m) => m.messageId === message.id)).toHaveLength(0);
  });

  it('sends SMS through the HTTP gateway with its token, retrying a gateway error', async () => {
    configure({ SMS_GATEWAY_URL: gateway.url, SMS_GATEWAY_TOKEN: 'gateway-secret', NOTIFY_RETRY_BASE: '1m' });
    const tenant = await createTenantFixture();
    const phone = `139${Date.now().toString().slice(-8)}`;
    const complaint = await acknowledged(
      tenant,
      await customer(tenant, { phone, consent: true }),
      Channel.PHONE,
    );
    await producer.run(tenant.tenantId);
    gateway.failNext(1);
    expect(await delivery.run(tenant.tenantId)).toMatchObject({ retried: 1 });
    await makeDue(tenant.tenantId);
    expect(await delivery.run(tenant.tenantId)).toMatchObject({ sent: 1 });
    const [message] = await messages(tenant.tenantId);
    expect(message).toMatchObject({ channel: 'SMS', recipient: phone, status: 'SENT', attempts: 2 });
    const requests = gateway.requests.filter((r) => r.body.reference === message.id);
    expect(requests).toHaveLength(1);
    expect(requests[0].headers.authorization).toBe('Bearer gateway-secret');
    expect(requests[0].body.to).toBe(phone);
    expect(requests[0].body.text).toContain(complaint.trackingCode);
  });

  it('skips a channel that is not configured as DISABLED', async () => {
    configure({});
    const tenant = await createTenantFixture();
    await acknowledged(
      tenant,
      await customer(tenant, { email: `off-${newId().slice(-8)}@example.com`, consent: true }),
    );
    await producer.run(tenant.tenantId);
    expect(await delivery.run(tenant.tenantId)).toMatchObject({ skipped: 1 });
    expect(await messages(tenant.tenantId)).toMatchObject([{ status: 'SKIPPED', skip_reason: 'DISABLED' }]);
  });

  it('queues the resolution message when a complaint is resolved', async () => {
    configure({ SMTP_URL: sink.url });
    const tenant = await createTenantFixture();
    const email = `res-${newId().slice(-8)}@example.com`;
    const complaint = await acknowledged(tenant, await customer(tenant, { email, consent: true }));
    await asAgent(tenant, async () => {
      await complaints.startInvestigation(complaint.id);
      const proposed = await complaints.propose({
        complaintId: complaint.id,
        options: [{ remedy: Remedy.APOLOGY, amount: 0, description: '当面致歉' }],
      });
      const [proposal] = await asOwner(
        tenant.tenantId,
        async (client) =>
          (
            await client.query(
              `SELECT o.id FROM complaint_proposal_options o WHERE o.tenant_id = $1 ORDER BY position LIMIT 1`,
              [tenant.tenantId],
            )
          ).rows,
      );
      expect(proposed.state).toBe('PROPOSED');
      await complaints.recordCustomerDecision({
        complaintId: complaint.id,
        accepted: true,
        optionIds: [proposal.id],
      });
      await complaints.resolve({ complaintId: complaint.id, summary: '店长已当面致歉' });
    });
    expect(await producer.run(tenant.tenantId)).toMatchObject({ enqueued: 2 });
    await delivery.run(tenant.tenantId);
    const rows = await messages(tenant.tenantId);
    expect(rows.map((r) => [r.template, r.status])).toEqual([
      ['ACKNOWLEDGEMENT', 'SENT'],
      ['RESOLUTION', 'SENT'],
    ]);
    const resolution = sink.received.find((m) => m.messageId === rows[1].id);
    expect(resolution?.parsed.text).toContain('店长已当面致歉');
  });

  it('queues a message once per dedupe key, in the caller transaction', async () => {
    const tenant = await createTenantFixture();
    const customerId = await customer(tenant, { email: `q-${newId().slice(-8)}@example.com`, consent: true });
    const queue = app.get(OutboundQueue);
    const db = app.get(Database);
    const message = {
      channel: MessageChannel.EMAIL,
      template: MessageTemplate.SURVEY_INVITATION,
      recipient: 'q@example.com',
      subject: '满意度调查 / Survey',
      body: '请评价我们的服务。',
      dedupeKey: 'survey:1',
      customerId,
    };
    const first = await db.asTenant({ tenantId: tenant.tenantId }, (tx) => queue.enqueue(tx, message));
    const again = await db.asTenant({ tenantId: tenant.tenantId }, (tx) => queue.enqueue(tx, message));
    expect(first).toMatchObject({ status: 'PENDING', created: true });
    expect(again).toEqual({ ...first, created: false });
    // Rolled back with the caller's transaction.
    await expect(
      db.asTenant({ tenantId: tenant.tenantId }, async (tx) => {
        await queue.enqueue(tx, { ...message, dedupeKey: 'survey:2' });
        throw new Error('the feature failed');
      }),
    ).rejects.toThrow('the feature failed');
    expect(await messages(tenant.tenantId)).toHaveLength(1);
  });

  it('queues each event once with two producers running at the same time', async () => {
    const tenant = await createTenantFixture();
    for (let i = 0; i < 3; i++)
      await acknowledged(
        tenant,
        await customer(tenant, { email: `p${i}-${newId().slice(-8)}@example.com`, consent: true }),
      );
    const results = await Promise.all([
      producer.run(tenant.tenantId),
      second.get(NotificationProducerJob).run(tenant.tenantId),
    ]);
    expect(results[0].enqueued + results[1].enqueued).toBe(3);
    expect((await messages(tenant.tenantId)).map((m) => m.template)).toEqual(
      Array(3).fill('ACKNOWLEDGEMENT'),
    );
  });

  it('sends a message whose worker died mid-send once its lease has passed', async () => {
    configure({ SMTP_URL: sink.url });
    const tenant = await createTenantFixture();
    await acknowledged(
      tenant,
      await customer(tenant, { email: `lease-${newId().slice(-8)}@example.com`, consent: true }),
    );
    await producer.run(tenant.tenantId);
    // What a claim leaves behind when the worker is killed before it records the outcome.
    await asOwner(tenant.tenantId, (client) =>
      client.query(
        `UPDATE outbound_messages SET attempts = 1, next_attempt_at = now() + interval '5 minutes' WHERE tenant_id = $1`,
        [tenant.tenantId],
      ),
    );
    expect(await delivery.run(tenant.tenantId)).toMatchObject({ sent: 0 });
    await makeDue(tenant.tenantId);
    expect(await delivery.run(tenant.tenantId)).toMatchObject({ sent: 1 });
    expect(await messages(tenant.tenantId)).toMatchObject([{ status: 'SENT', attempts: 2 }]);
  });

  it('delivers each message exactly once with two workers claiming at the same time', async () => {
    configure({ SMTP_URL: sink.url });
    const tenant = await createTenantFixture();
    const queue = app.get(OutboundQueue);
    const db = app.get(Database);
    const count = 12;
    await db.asTenant({ tenantId: tenant.tenantId }, async (tx) => {
      for (let i = 0; i < count; i++) {
        await queue.enqueue(tx, {
          channel: MessageChannel.EMAIL,
          template: MessageTemplate.CUSTOM,
          recipient: `twice-${i}@example.com`,
          subject: `消息 ${i}`,
          body: `正文 ${i}`,
          dedupeKey: `race:${i}`,
        });
      }
    });
    const results = await Promise.all([
      delivery.run(tenant.tenantId, { batchSize: 2 }),
      second.get(MessageDeliveryJob).run(tenant.tenantId, { batchSize: 2 }),
    ]);
    expect(results[0].sent + results[1].sent).toBe(count);
    const rows = await messages(tenant.tenantId);
    expect(rows.every((r) => r.status === 'SENT' && r.attempts === 1)).toBe(true);
    for (const row of rows) expect(sink.received.filter((m) => m.messageId === row.id)).toHaveLength(1);
  });
});
