import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { ComplaintsService } from '@service-desk/complaints';
import { newId, RequestContext, Role } from '@service-desk/core';
import { asOwner, createTenantFixture, type TenantFixture } from '@service-desk/testing';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { NotificationProducerJob } from '../notification-producer.job.js';
import { notificationsContext } from '../testing/notifications-context.js';
import { InboundSmtpServer } from './inbound-smtp.server.js';

const DOMAIN = 'intake.test';
const MAX_BYTES = 64 * 1024;
const HOUR = 3_600_000;

interface ComplaintRow {
  id: string;
  tracking_code: string;
  channel: string;
  state: string;
  title: string;
  description: string;
  category: string;
  severity: string;
  contact_email: string | null;
  customer_id: string | null;
  handler_id: string | null;
  received_at: Date;
  first_reply_due_at: Date;
}

const complaintsOf = (tenantId: string) =>
  asOwner(tenantId, async (client) => {
    const { rows } = await client.query<ComplaintRow>(
      `SELECT * FROM complaints WHERE tenant_id = $1 ORDER BY number`,
      [tenantId],
    );
    return rows;
  });

const notesOf = (tenantId: string, complaintId: string) =>
  asOwner(tenantId, async (client) => {
    const { rows } = await client.query<{ body: string }>(
      `SELECT body FROM complaint_notes WHERE tenant_id = $1 AND complaint_id = $2 ORDER BY at, id`,
      [tenantId, complaintId],
    );
    return rows.map((row) => row.body);
  });

/** The SMTP error a rejected send carries (code and text), or null when it was accepted. */
async function rejection(
  send: Promise<unknown>,
): Promise<{ responseCode?: number; response?: string } | null> {
  try {
    await send;
    return null;
  } catch (error) {
    return error as { responseCode?: number; response?: string };
  }
}

describe('e-mail intake over SMTP', () => {
  let app: INestApplicationContext;
  let listener: InboundSmtpServer;
  let client: Transporter;
  let a: TenantFixture;
  let b: TenantFixture;
  const unique = () => newId().slice(-10);

  beforeAll(async () => {
    app = await notificationsContext();
    listener = app.get(InboundSmtpServer);
    const port = await listener.listen({
      port: 0,
      host: '127.0.0.1',
      domain: DOMAIN,
      maxBytes: MAX_BYTES,
      allow: [],
      deny: ['@spam.example'],
    });
    client = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
    [a, b] = await Promise.all([createTenantFixture(), createTenantFixture()]);
  });
  afterAll(async () => {
    client.close();
    await listener.close();
    await app.close();
  });

  const send = (mail: SendMailOptions) => client.sendMail(mail);

  async function mailComplaint(tenant: TenantFixture, from: string, subject: string, text: string) {
    const before = new Set((await complaintsOf(tenant.tenantId)).map((c) => c.id));
    await send({ from, to: `${tenant.slug}@${DOMAIN}`, subject, text });
    const created = (await complaintsOf(tenant.tenantId)).filter((c) => !before.has(c.id));
    expect(created).toHaveLength(1);
    return created[0];
  }

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

  it('opens an EMAIL complaint on the 24 h first-reply clock for a new customer', async () => {
    const address = `wang-${unique()}@example.com`;
    const complaint = await mailComplaint(
      a,
      `王女士 <${address}>`,
      '电梯三天没修好',
      'A座电梯坏了三天，没人处理。\n\n王女士',
    );
    expect(complaint).toMatchObject({
      channel: 'EMAIL',
      state: 'RECEIVED',
      title: '电梯三天没修好',
      category: 'OTHER',
      severity: 'NORMAL',
      contact_email: address,
    });
    expect(complaint.description).toContain('A座电梯坏了三天');
    expect(complaint.handler_id).toBe(a.users.AGENT.id);
    expect(complaint.first_reply_due_at.getTime() - complaint.received_at.getTime()).toBe(24 * HOUR);
    const [customer] = await asOwner(
      a.tenantId,
      async (c) =>
        (
          await c.query(
            `SELECT name, email, consent_to_contact FROM customers WHERE tenant_id = $1 AND id = $2`,
            [a.tenantId, complaint.customer_id],
          )
        ).rows,
    );
    expect(customer).toEqual({ name: '王女士', email: address, consent_to_contact: false });
  });

  it('finds an existing customer by address and records a mail delivered twice once', async () => {
    const address = `known-${unique()}@example.com`;
    const customerId = newId();
    await asOwner(a.tenantId, (c) =>
      c.query(`INSERT INTO customers (tenant_id, id, name, email) VALUES ($1, $2, '老顾客', $3)`, [
        a.tenantId,
        customerId,
        address.toUpperCase(),
      ]),
    );
    const messageId = `<${unique()}@mail.example.com>`;
    const mail = {
      from: address,
      to: `${a.slug}@${DOMAIN}`,
      subject: '会员积分不见了',
      text: '积分少了两百。',
      messageId,
    };
    await send(mail);
    await send(mail);
    const mine = (await complaintsOf(a.tenantId)).filter((c) => c.contact_email === address);
    expect(mine).toHaveLength(1);
    expect(mine[0].customer_id).toBe(customerId);
  });

  it('answers an e-mailed complaint at the sender address even without consent to contact', async () => {
    const address = `ack-${unique()}@example.com`;
    const complaint = await mailComplaint(a, address, '洗衣房漏水', '地上全是水。');
    await asAgent(a, () =>
      app.get(ComplaintsService).acknowledge({
        complaintId: complaint.id,
        promisedReplyAt: new Date(Date.now() + 12 * HOUR),
      }),
    );
    await app.get(NotificationProducerJob).run(a.tenantId);
    const [message] = await asOwner(
      a.tenantId,
      async (c) =>
        (
          await c.query(
            `SELECT template, status, recipient FROM outbound_messages WHERE tenant_id = $1 AND complaint_id = $2`,
            [a.tenantId, complaint.id],
          )
        ).rows,
    );
    expect(message).toEqual({ template: 'ACKNOWLEDGEMENT', status: 'PENDING', recipient: address });
  });

  it('records a reply quoting the tracking code on that complaint, without the quoted history', async () => {
    const address = `reply-${unique()}@example.com`;
    const complaint = await mailComplaint(a, address, '空调不制冷', '房间空调不制冷。');
    const desk = app.get(ComplaintsService);
    await asAgent(a, async () => {
      await desk.acknowledge({
        complaintId: complaint.id,
        promisedReplyAt: new Date(Date.now() + HOUR),
      });
      await desk.startInvestigation(complaint.id);
      await desk.requestCustomerInfo({ complaintId: complaint.id, question: '哪天方便上门？' });
    });
    await send({
      from: address,
      to: `${a.slug}@${DOMAIN}`,
      subject: `Re: [${complaint.tracking_code}] 您的投诉已受理`,
      text: `周六上午都在家。\n\n在 2026年11月23日 10:00，门店 写道：\n> 哪天方便上门？`,
    });
    const after = (await complaintsOf(a.tenantId)).find((c) => c.id === complaint.id)!;
    expect(after.state).toBe('INVESTIGATING');
    const notes = await notesOf(a.tenantId, complaint.id);
    expect(notes).toContain('Customer: 周六上午都在家。');
    expect(notes.join('\n')).not.toContain('> 哪天方便上门');
    // A later message while nobody asked is kept as a note; the state stays.
    await send({
      from: address,
      to: `${a.slug}@${DOMAIN}`,
      subject: `Re: ${complaint.tracking_code}`,
      text: '还有，遥控器也坏了。',
    });
    expect((await complaintsOf(a.tenantId)).find((c) => c.id === complaint.id)!.state).toBe('INVESTIGATING');
    expect(await notesOf(a.tenantId, complaint.id)).toContain('Customer (e-mail): 还有，遥控器也坏了。');
    const [event] = await asOwner(
      a.tenantId,
      async (c) =>
        (
          await c.query(
            `SELECT type FROM tenant_events WHERE tenant_id = $1 AND entity_id = $2 ORDER BY seq DESC LIMIT 1`,
            [a.tenantId, complaint.id],
          )
        ).rows,
    );
    expect(event.type).toBe('complaint.customer_message');
  });

  it('treats a tracking code from another sender as a new complaint', async () => {
    const complaint = await mailComplaint(a, `owner-${unique()}@example.com`, '停车费算错', '多收了十元。');
    const stranger = await mailComplaint(
      a,
      `stranger-${unique()}@example.com`,
      `Re: [${complaint.tracking_code}] 我也有问题`,
      '我的车位也被占了。',
    );
    expect(stranger.id).not.toBe(complaint.id);
    expect(await notesOf(a.tenantId, complaint.id)).toEqual([]);
  });

  it("cannot use another store's tracking code", async () => {
    const address = `both-${unique()}@example.com`;
    const theirs = await mailComplaint(b, address, '门禁卡失效', '门禁卡刷不开。');
    const ours = await mailComplaint(a, address, `Re: [${theirs.tracking_code}]`, '还是刷不开。');
    expect(ours.id).not.toBe(theirs.id);
    expect(ours.description).toBe('还是刷不开。');
    expect(await notesOf(b.tenantId, theirs.id)).toEqual([]);
  });

  it('rejects recipients other than an existing store intake mailbox at RCPT', async () => {
    for (const to of [
      `no-such-store-${unique()}@${DOMAIN}`,
      `${a.slug}@elsewhere.example`,
      `${b.slug.slice(0, 1)}@${DOMAIN}`,
    ]) {
      const error = await rejection(send({ from: 'x@example.com', to, subject: 's', text: 't' }));
      expect(error?.responseCode).toBe(550);
    }
    const [{ count }] = await asOwner(
      a.tenantId,
      async (c) =>
        (
          await c.query(
            `SELECT count(*)::int AS count FROM inbound_mails WHERE tenant_id = $1 AND sender = 'x@example.com'`,
            [a.tenantId],
          )
        ).rows,
    );
    expect(count).toBe(0);
  });

  it('rejects an oversized mail', async () => {
    const address = `big-${unique()}@example.com`;
    const error = await rejection(
      send({ from: address, to: `${a.slug}@${DOMAIN}`, subject: '大附件', text: '长'.repeat(MAX_BYTES) }),
    );
    expect(error?.responseCode).toBe(552);
    expect((await complaintsOf(a.tenantId)).filter((c) => c.contact_email === address)).toHaveLength(0);
  });

  it('rejects auto-replies, bounces, robots and denied senders', async () => {
    const address = `away-${unique()}@example.com`;
    const to = `${a.slug}@${DOMAIN}`;
    const autoReply = await rejection(
      send({
        from: address,
        to,
        subject: '自动回复: 不在办公室',
        text: '我休假中。',
        headers: { 'Auto-Submitted': 'auto-replied' },
      }),
    );
    expect(autoReply?.responseCode).toBe(550);
    const bounce = await rejection(
      send({
        envelope: { from: '', to },
        from: 'mailer-daemon@example.com',
        to,
        subject: 'Undelivered',
        text: 'x',
      }),
    );
    expect(bounce?.responseCode).toBe(550);
    const robot = await rejection(send({ from: 'noreply@shop.example', to, subject: '订单', text: 'x' }));
    expect(robot?.responseCode).toBe(550);
    const denied = await rejection(send({ from: 'ads@spam.example', to, subject: '广告', text: 'x' }));
    expect(denied).toMatchObject({ responseCode: 550 });
    const badFrom = await rejection(
      send({ envelope: { from: address, to }, from: 'not an address', to, subject: 's', text: 't' }),
    );
    expect(badFrom?.responseCode).toBe(550);
    expect((await complaintsOf(a.tenantId)).filter((c) => c.contact_email === address)).toHaveLength(0);
  });

  it('answers a mail with nothing in it with a permanent error and keeps listening', async () => {
    const address = `empty-${unique()}@example.com`;
    const error = await rejection(send({ from: address, to: `${a.slug}@${DOMAIN}`, subject: '', text: '' }));
    expect(error?.responseCode).toBe(550);
    expect(error?.response).toMatch(/neither a subject nor any text/);
    const complaint = await mailComplaint(a, address, '还能收到吗', '测试。');
    expect(complaint.channel).toBe('EMAIL');
  });

  it('reads an HTML-only mail as text', async () => {
    const address = `html-${unique()}@example.com`;
    const before = new Set((await complaintsOf(a.tenantId)).map((c) => c.id));
    await send({
      from: address,
      to: `${a.slug}@${DOMAIN}`,
      subject: '网页邮件',
      html: '<p>大堂的灯<b>不亮</b>了。</p><script>alert(1)</script>',
    });
    const [complaint] = (await complaintsOf(a.tenantId)).filter((c) => !before.has(c.id));
    expect(complaint.description).toContain('大堂的灯');
    expect(complaint.description).toContain('不亮');
    expect(complaint.description).not.toContain('<p>');
  });

  it('holds back a sender who floods a store (450, try later)', async () => {
    const address = `flood-${unique()}@example.com`;
    const codes: Array<number | null> = [];
    for (let i = 0; i < 11; i++) {
      const error = await rejection(
        send({ from: address, to: `${b.slug}@${DOMAIN}`, subject: `第${i}封`, text: '再说一遍。' }),
      );
      codes.push(error?.responseCode ?? null);
    }
    expect(codes).toEqual([...Array(10).fill(null), 450]);
    expect((await complaintsOf(b.tenantId)).filter((c) => c.contact_email === address)).toHaveLength(10);
  });

  it('keeps a long mail within the complaint limits', async () => {
    const complaint = await mailComplaint(
      a,
      `long-${unique()}@example.com`,
      '标题'.repeat(150),
      '内容'.repeat(4000),
    );
    expect(Array.from(complaint.title).length).toBeLessThanOrEqual(200);
    expect(Array.from(complaint.description).length).toBeLessThanOrEqual(5000);
    expect(complaint.state).toBe('RECEIVED');
  });
});
