import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { config, newId, reloadConfig, Role } from '@service-desk/core';
import { DatabaseModule } from '@service-desk/db';
import { MessageDeliveryJob, NotificationsModule } from '@service-desk/notifications';
import {
  asOwner,
  errorCode,
  type SmsGateway,
  type SmtpSink,
  startSmsGateway,
  startSmtpSink,
} from '@service-desk/testing';
import { type ApiHarness, startApi } from '../support/api.js';
import { resolvedComplaint } from '../support/revisits.js';
import {
  answersFor,
  createCustomer,
  insertRevisit,
  ok,
  publicSurvey,
  submitPublic,
} from '../support/surveys.js';

/**
 * Survey links sent to the customer: createSurveyInvitation with `sendBy` queues the link in the
 * invitation's transaction, and the worker's delivery job (the real one, in this process) delivers it
 * to a local SMTP server or SMS gateway; the link in the message opens the survey, once.
 */
type Tenant = Awaited<ReturnType<ApiHarness['tenant']>>;

const SEND = `mutation($input: CreateSurveyInvitationInput!) {
  createSurveyInvitation(input: $input) { invitationId token path url message { messageId channel status skipReason } }
}`;

interface SentLink {
  invitationId: string;
  token: string | null;
  path: string | null;
  url: string | null;
  message: { messageId: string; channel: string; status: string; skipReason: string | null } | null;
}

@Module({ imports: [DatabaseModule.forRoot('survey-send-test'), NotificationsModule] })
class DeliveryModule {}

const ENV_KEYS = ['SMTP_URL', 'SMS_GATEWAY_URL', 'PUBLIC_BASE_URL'];
function configure(values: Record<string, string>): void {
  for (const key of ENV_KEYS) delete process.env[key];
  Object.assign(process.env, values);
  reloadConfig();
}

const outbound = (tenantId: string) =>
  asOwner(tenantId, async (client) => {
    const { rows } = await client.query(
      `SELECT id, template, channel, recipient, status, skip_reason, dedupe_key, body FROM outbound_messages WHERE tenant_id = $1`,
      [tenantId],
    );
    return rows;
  });

/** The survey link in a message text. */
const linkIn = (text: string) => {
  const match = /(https?:\/\/\S+\/survey\/[A-Za-z0-9_-]{43})/.exec(text);
  if (!match) throw new Error(`no survey link in: ${text}`);
  return new URL(match[1]);
};

describe('survey invitations sent to the customer', () => {
  let api: ApiHarness;
  let worker: INestApplicationContext;
  let delivery: MessageDeliveryJob;
  let sink: SmtpSink;
  let gateway: SmsGateway;
  let t: Tenant;

  beforeAll(async () => {
    [api, worker, sink, gateway] = await Promise.all([
      startApi(),
      NestFactory.createApplicationContext(DeliveryModule, { logger: false }),
      startSmtpSink(),
      startSmsGateway(),
    ]);
    delivery = worker.get(MessageDeliveryJob);
    t = await api.tenant();
  });
  afterEach(() => configure({}));
  afterAll(async () => {
    await Promise.all([api.close(), worker.close(), sink.close(), gateway.close()]);
  });

  const send = async (input: Record<string, unknown>) => api.gql(SEND, { input }, await t.token(Role.AGENT));

  it('e-mails a working one-time link, Chinese first, and the token appears nowhere else', async () => {
    configure({ SMTP_URL: sink.url, PUBLIC_BASE_URL: 'https://desk.example.com/' });
    const email = `survey-${newId().slice(-8)}@example.com`;
    const customerId = await createCustomer(api, t, { name: '王女士', email, consentToContact: true });
    const link = ok<SentLink>(await send({ customerId, sendBy: 'EMAIL' }), 'createSurveyInvitation');
    expect(link.url).toBe(`https://desk.example.com${link.path}`);
    expect(link.message).toMatchObject({ channel: 'EMAIL', status: 'PENDING', skipReason: null });

    const [queued] = (await outbound(t.tenantId)).filter((m) => m.id === link.message!.messageId);
    expect(queued).toMatchObject({
      template: 'SURVEY_INVITATION',
      recipient: email,
      dedupe_key: `survey-invitation:${link.invitationId}`,
    });
    // The raw token is in the message only: not in the event log, not in the invitation row.
    const leaks = await asOwner(t.tenantId, async (client) => {
      const { rows } = await client.query(
        `SELECT (SELECT count(*)::int FROM tenant_events WHERE tenant_id = $1 AND data::text LIKE '%' || $2 || '%') AS events,
                (SELECT count(*)::int FROM survey_invitations WHERE tenant_id = $1 AND token_hash = $2) AS raw`,
        [t.tenantId, link.token],
      );
      return rows[0];
    });
    expect(leaks).toEqual({ events: 0, raw: 0 });

    // Staff reading the outbox see the message without the token.
    const outbox = ok<{ edges: Array<{ node: { id: string; body: string } }> }>(
      await api.gql(
        '{ outboundMessages(first: 50) { edges { node { id body } } } }',
        {},
        await t.token(Role.SUPERVISOR),
      ),
      'outboundMessages',
    ).edges.find((edge) => edge.node.id === link.message!.messageId);
    expect(outbox?.node.body).toContain('https://desk.example.com/survey/…');
    expect(outbox?.node.body).not.toContain(link.token!);

    expect(await delivery.run(t.tenantId)).toMatchObject({ sent: 1, failed: 0 });
    const mails = sink.received.filter((m) => m.messageId === link.message!.messageId);
    expect(mails).toHaveLength(1);
    expect(mails[0].envelopeTo).toEqual([email]);
    expect(mails[0].parsed.subject).toContain('满意度调查');
    const text = mails[0].parsed.text ?? '';
    expect(text.indexOf('仅可使用一次')).toBeLessThan(text.indexOf('The link works once'));
    expect(text).toContain('王女士');

    // Follow the link: the survey opens, answers once, then refuses.
    const url = linkIn(text);
    expect(url.origin).toBe('https://desk.example.com');
    const token = url.pathname.split('/').pop()!;
    expect(token).toBe(link.token);
    const page = await publicSurvey(api, token);
    const items = ok<{ items: Array<{ id: string }> }>(page, 'publicSurvey').items;
    expect(items).toHaveLength(22);
    const first = await submitPublic(api, { token, answers: answersFor(items), csat: 4 });
    expect(ok<{ answered: number }>(first, 'submitPublicSurveyResponse').answered).toBe(22);
    const again = await submitPublic(api, { token, answers: answersFor(items) });
    expect(errorCode(again)).toBe('CONFLICT');
    expect(await delivery.run(t.tenantId)).toMatchObject({ sent: 0 });
  });

  it('records a customer without consent as SKIPPED (NO_CONSENT), says so, and sends nothing', async () => {
    configure({ SMTP_URL: sink.url });
    const email = `no-consent-${newId().slice(-8)}@example.com`;
    const customerId = await createCustomer(api, t, { name: '赵先生', email, consentToContact: false });
    const link = ok<SentLink>(await send({ customerId, sendBy: 'EMAIL' }), 'createSurveyInvitation');
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(link.message).toMatchObject({ status: 'SKIPPED', skipReason: 'NO_CONSENT' });
    await delivery.run(t.tenantId);
    expect(sink.received.filter((m) => m.envelopeTo.includes(email))).toHaveLength(0);
    const [row] = (await outbound(t.tenantId)).filter((m) => m.id === link.message!.messageId);
    expect(row).toMatchObject({ status: 'SKIPPED', skip_reason: 'NO_CONSENT' });
  });

  it('texts the link through the SMS gateway, in Chinese then English', async () => {
    configure({ SMS_GATEWAY_URL: gateway.url });
    const phone = `139${String(Date.now()).slice(-8)}`;
    const customerId = await createCustomer(api, t, { name: '钱女士', phone, consentToContact: true });
    const link = ok<SentLink>(await send({ customerId, sendBy: 'SMS' }), 'createSurveyInvitation');
    expect(link.message).toMatchObject({ channel: 'SMS', status: 'PENDING' });
    expect(await delivery.run(t.tenantId)).toMatchObject({ sent: 1 });
    const texts = gateway.requests.filter((r) => r.body.to === phone);
    expect(texts).toHaveLength(1);
    const url = linkIn(texts[0].body.text);
    expect(url.href).toBe(link.url);
    expect(url.origin).toBe(new URL(config().PUBLIC_BASE_URL).origin);
    expect(texts[0].body.text.indexOf('满意度调查')).toBeLessThan(texts[0].body.text.indexOf('Please rate'));
    expect(ok<{ items: unknown[] }>(await publicSurvey(api, link.token!), 'publicSurvey').items).toHaveLength(
      22,
    );
  });

  it('records a customer without an address for the channel as SKIPPED (NO_ADDRESS)', async () => {
    const customerId = await createCustomer(api, t, { name: '孙先生', consentToContact: true });
    const link = ok<SentLink>(await send({ customerId, sendBy: 'SMS' }), 'createSurveyInvitation');
    expect(link.message).toMatchObject({ status: 'SKIPPED', skipReason: 'NO_ADDRESS' });
  });

  it('sends once: a retry with the idempotency key reports the same message without the token', async () => {
    const email = `retry-${newId().slice(-8)}@example.com`;
    const customerId = await createCustomer(api, t, { name: '周先生', email, consentToContact: true });
    const idempotencyKey = `send-${newId()}`;
    const first = ok<SentLink>(
      await send({ customerId, sendBy: 'EMAIL', idempotencyKey }),
      'createSurveyInvitation',
    );
    const again = ok<SentLink>(
      await send({ customerId, sendBy: 'EMAIL', idempotencyKey }),
      'createSurveyInvitation',
    );
    expect(again).toMatchObject({ invitationId: first.invitationId, token: null, url: null });
    expect(again.message).toEqual(first.message);
    const rows = (await outbound(t.tenantId)).filter(
      (m) => m.dedupe_key === `survey-invitation:${first.invitationId}`,
    );
    expect(rows).toHaveLength(1);
  });

  it('writes neither invitation nor message when sending to nobody is refused', async () => {
    const before = (await outbound(t.tenantId)).length;
    const result = await send({ sendBy: 'EMAIL' });
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect((await outbound(t.tenantId)).length).toBe(before);
  });

  describe('completing a COMPLAINT revisit', () => {
    const COMPLETE = `mutation($input: CompleteRevisitInput!) {
      completeRevisit(input: $input) { id status surveyInvitation { invitationId revisitId customerId url message { messageId channel status skipReason } } }
    }`;
    const reach = async (revisitId: string) =>
      ok(
        await api.gql(
          'mutation($input: LogRevisitAttemptInput!) { logRevisitAttempt(input: $input) { id } }',
          { input: { revisitId, channel: 'PHONE', reached: true } },
          await t.token(Role.AGENT),
        ),
        'logRevisitAttempt',
      );

    it('sends the survey link of the revisit with the completion', async () => {
      configure({ SMTP_URL: sink.url });
      const email = `revisit-${newId().slice(-8)}@example.com`;
      const { customerId, revisitId } = await resolvedComplaint(api, t, { email, consentToContact: true });
      await reach(revisitId);
      const done = ok<{
        status: string;
        surveyInvitation: SentLink & { revisitId: string; customerId: string };
      }>(
        await api.gql(
          COMPLETE,
          { input: { revisitId, satisfaction: 4, sendSurveyBy: 'EMAIL' } },
          await t.token(Role.AGENT),
        ),
        'completeRevisit',
      );
      expect(done.status).toBe('COMPLETED');
      expect(done.surveyInvitation).toMatchObject({ revisitId, customerId, message: { status: 'PENDING' } });
      await delivery.run(t.tenantId);
      const mails = sink.received.filter((m) => m.messageId === done.surveyInvitation.message!.messageId);
      expect(mails).toHaveLength(1);
      const token = linkIn(mails[0].parsed.text ?? '')
        .pathname.split('/')
        .pop()!;
      const items = ok<{ items: Array<{ id: string }> }>(
        await publicSurvey(api, token),
        'publicSurvey',
      ).items;
      ok(await submitPublic(api, { token, answers: answersFor(items) }), 'submitPublicSurveyResponse');
      const [response] = await asOwner(t.tenantId, async (client) => {
        const { rows } = await client.query(
          `SELECT channel, revisit_id, customer_id FROM survey_responses WHERE tenant_id = $1 AND revisit_id = $2`,
          [t.tenantId, revisitId],
        );
        return rows;
      });
      expect(response).toEqual({ channel: 'PUBLIC_LINK', revisit_id: revisitId, customer_id: customerId });
    });

    it('refuses to send a survey from a revisit that is not about a complaint, and completes nothing', async () => {
      const revisitId = await insertRevisit(t, null);
      const result = await api.gql(
        COMPLETE,
        { input: { revisitId, satisfaction: 4, sendSurveyBy: 'SMS' } },
        await t.token(Role.SUPERVISOR),
      );
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0].message).toMatch(/Only a COMPLAINT revisit sends a survey/);
      const [row] = await asOwner(t.tenantId, async (client) => {
        const { rows } = await client.query(
          `SELECT status FROM revisit_tasks WHERE tenant_id = $1 AND id = $2`,
          [t.tenantId, revisitId],
        );
        return rows;
      });
      expect(row.status).toBe('PENDING');
    });
  });
});
