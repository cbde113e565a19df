import { Injectable } from '@nestjs/common';
import { RateLimiter, uniqueViolation } from '@service-desk/auth';
import {
  badInput,
  config,
  conflict,
  DomainError,
  durationMs,
  ErrorCode,
  newId,
  notFound,
  RequestContext,
  requireId,
} from '@service-desk/core';
import { Database } from '@service-desk/db';
import { EventLog } from '@service-desk/events';
import {
  MessageChannel,
  MessageTemplate,
  OutboundQueue,
  surveyInvitationMessage,
} from '@service-desk/notifications';
import type { EntityManager } from 'typeorm';
import type {
  CreateSurveyInvitationInput,
  SubmitPublicSurveyResponseInput,
  SubmitSurveyResponseInput,
  SurveyAnswerInput,
} from './dto/survey-response.input.js';
import { hashSurveyToken, newSurveyToken, surveyPath } from './invitation-token.js';
import { answerProblems } from './servqual.js';
import { SurveyTemplatesService, type TemplateRow } from './survey-templates.service.js';
import {
  type PublicSurveyObject,
  type PublicSurveyReceiptObject,
  SurveyChannel,
  type SurveyInvitationLinkObject,
  type SurveyInvitationMessageObject,
  type SurveyResponseObject,
} from './survey.object.js';

const DAY = 86_400_000;

interface InvitationRow {
  id: string;
  template_id: string;
  customer_id: string | null;
  zone_id: string | null;
  revisit_id: string | null;
  expires_at: Date;
  used_at: Date | null;
}

interface ResponseRow {
  id: string;
  template_id: string;
  channel: SurveyChannel;
  customer_id: string | null;
  revisit_id: string | null;
  zone_id: string | null;
  csat: number | null;
  comment: string | null;
  submitted_at: Date;
}

interface NewResponse {
  template: TemplateRow;
  channel: SurveyChannel;
  customerId: string | null;
  revisitId: string | null;
  zoneId: string | null;
  invitationId: string | null;
  answers: SurveyAnswerInput[];
  csat: number | null;
  comment: string | null;
  idempotencyKey: string | null;
}

const REVISIT_ANSWERED = 'survey_responses_tenant_id_revisit_id_key';
const INVITATION_ANSWERED = 'survey_responses_tenant_id_invitation_id_key';
const RESPONSE_KEY_TAKEN = 'survey_responses_tenant_id_idempotency_key_key';
const INVITATION_KEY_TAKEN = 'survey_invitations_tenant_id_idempotency_key_key';

const alreadyAnswered = () =>
  new DomainError(ErrorCode.CONFLICT, 'This survey has already been answered. Thank you!', {
    reason: 'ALREADY_ANSWERED',
  });
const expired = (at: Date) =>
  new DomainError(
    ErrorCode.CONFLICT,
    `This survey link expired on ${at.toISOString().slice(0, 10)}; please ask the store for a new one`,
    { reason: 'EXPIRED' },
  );

/**
 * Survey responses: one-time invitations (the raw token leaves the server once, only its hash is
 * kept), answers entered by staff during a revisit, and the public page a customer answers through a
 * link. A link is consumed atomically with the response it carries: of concurrent submissions exactly
 * one is recorded.
 */
@Injectable()
export class SurveyResponsesService {
  constructor(
    private readonly db: Database,
    private readonly events: EventLog,
    private readonly templates: SurveyTemplatesService,
    private readonly limiter: RateLimiter,
    private readonly outbound: OutboundQueue,
  ) {}

  createInvitation(input: CreateSurveyInvitationInput): Promise<SurveyInvitationLinkObject> {
    return this.translate(() => this.db.transaction((tx) => this.invite(tx, input)));
  }

  /**
   * Creates an invitation (and queues its message when `sendBy` is given) in the caller's
   * transaction: completing a revisit sends its survey this way.
   */
  async invite(tx: EntityManager, input: CreateSurveyInvitationInput): Promise<SurveyInvitationLinkObject> {
    const days = input.expiresInDays ?? null;
    if (input.idempotencyKey) {
      const [existing]: InvitationRow[] = await tx.query(
        `SELECT * FROM survey_invitations WHERE tenant_id = app_tenant_id() AND idempotency_key = $1`,
        [input.idempotencyKey],
      );
      if (existing) return toLink(existing, null, await sentMessage(tx, existing.id));
    }
    const template = await this.templates.usable(tx, input.templateId);
    const revisit = input.revisitId ? await findRevisit(tx, input.revisitId) : null;
    if (revisit) await requireUnanswered(tx, revisit.id);
    let customerId = input.customerId ? requireId(input.customerId, 'Customer id') : null;
    if (customerId) await requireRow(tx, 'customers', customerId, 'Customer');
    if (revisit?.customer_id) {
      if (customerId && customerId !== revisit.customer_id)
        throw badInput('The customer is not the customer of the revisit');
      customerId = revisit.customer_id;
    }
    if (input.sendBy && !customerId)
      throw badInput('A survey link can only be sent to a customer: name the customer or a revisit with one');
    const zoneId = input.zoneId ? await activeZone(tx, input.zoneId) : (revisit?.zone_id ?? null);
    const token = newSurveyToken();
    const ttl = days === null ? durationMs(config().SURVEY_INVITATION_TTL) : days * DAY;
    const [row]: InvitationRow[] = await tx.query(
      `INSERT INTO survey_invitations (tenant_id, id, template_id, token_hash, customer_id, zone_id, revisit_id, expires_at, idempotency_key, created_by)
       VALUES (app_tenant_id(), $1, $2, $3, $4, $5, $6, now() + $7 * interval '1 millisecond', $8, $9) RETURNING *`,
      [
        newId(),
        template.id,
        hashSurveyToken(token),
        customerId,
        zoneId,
        revisit?.id ?? null,
        ttl,
        input.idempotencyKey ?? null,
        RequestContext.actor().userId,
      ],
    );
    await this.events.append(tx, {
      type: 'survey.invitation_created',
      entity: { kind: 'survey_invitation', id: row.id },
      // No zoneId: the live feed routes events with one to the zone's field staff, who have no part in surveys.
      data: { templateId: row.template_id, revisitId: row.revisit_id, expiresAt: row.expires_at },
    });
    const message = input.sendBy ? await this.send(tx, row, token, input.sendBy) : null;
    return toLink(row, token, message);
  }

  /**
   * Queues the link for the invitation's customer in the invitation's transaction (dedupe key: the
   * invitation). The raw token is in the message body only: events and logs never see it.
   */
  private async send(
    tx: EntityManager,
    invitation: InvitationRow,
    token: string,
    channel: MessageChannel,
  ): Promise<SurveyInvitationMessageObject> {
    const [facts] = await tx.query(
      `SELECT s.name AS store_name, s.time_zone, c.name AS customer_name, c.email, c.phone
       FROM tenants s JOIN customers c ON c.tenant_id = s.id AND c.id = $1
       WHERE s.id = app_tenant_id()`,
      [invitation.customer_id],
    );
    const text = surveyInvitationMessage(
      {
        storeName: facts.store_name,
        timeZone: facts.time_zone,
        customerName: facts.customer_name,
        link: publicUrl(surveyPath(token)),
        expiresAt: invitation.expires_at,
      },
      channel,
    );
    await this.outbound.enqueue(tx, {
      channel,
      template: MessageTemplate.SURVEY_INVITATION,
      recipient: channel === MessageChannel.EMAIL ? facts.email : facts.phone,
      subject: text.subject,
      body: text.body,
      dedupeKey: invitationMessageKey(invitation.id),
      customerId: invitation.customer_id,
    });
    return (await sentMessage(tx, invitation.id))!;
  }

  /** Answers a customer gave during a revisit, entered by staff; one survey per revisit. */
  async submitFromRevisit(input: SubmitSurveyResponseInput): Promise<SurveyResponseObject> {
    return this.translate(() =>
      this.db.transaction(async (tx) => {
        if (input.idempotencyKey) {
          const [existing] = await tx.query(
            `SELECT id FROM survey_responses WHERE tenant_id = app_tenant_id() AND idempotency_key = $1`,
            [input.idempotencyKey],
          );
          if (existing) return this.load(tx, existing.id);
        }
        const revisit = await findRevisit(tx, input.revisitId);
        if (revisit.status === 'CANCELLED') throw badInput('The revisit was cancelled');
        const template = await this.templates.usable(tx, input.templateId);
        const zoneId = input.zoneId ? await activeZone(tx, input.zoneId) : revisit.zone_id;
        const id = await this.record(tx, {
          template,
          channel: SurveyChannel.REVISIT,
          customerId: revisit.customer_id,
          revisitId: revisit.id,
          zoneId,
          invitationId: null,
          answers: input.answers,
          csat: input.csat ?? null,
          comment: input.comment?.trim() || null,
          idempotencyKey: input.idempotencyKey ?? null,
        });
        return this.load(tx, id);
      }),
    );
  }

  /** The public survey page of a link: statements only, nothing about the customer or the staff. */
  async publicSurvey(token: string, address: string): Promise<PublicSurveyObject> {
    await this.throttle(address);
    const tenantId = await this.tenantOfToken(token);
    return RequestContext.run({ requestId: RequestContext.requestId() ?? 'public' }, () =>
      this.db.asTenant({ tenantId }, async (tx) => {
        const invitation = await this.openInvitation(tx, token);
        const [template] = await tx.query(
          `SELECT t.language, t.csat_question, s.name AS store_name FROM survey_templates t JOIN tenants s ON s.id = t.tenant_id
           WHERE t.tenant_id = app_tenant_id() AND t.id = $1`,
          [invitation.template_id],
        );
        const items = await this.templates.itemsOf(tx, invitation.template_id);
        return {
          storeName: template.store_name,
          language: template.language,
          csatQuestion: template.csat_question,
          items,
          expiresAt: invitation.expires_at,
        };
      }),
    );
  }

  /**
   * Records a customer's answers through a link and consumes the link in the same transaction: the
   * conditional UPDATE lets exactly one of concurrent submissions through; the others wait for it and
   * then find the link used (CONFLICT). Refused answers leave the link unused.
   */
  async submitPublic(
    input: SubmitPublicSurveyResponseInput,
    address: string,
  ): Promise<PublicSurveyReceiptObject> {
    await this.throttle(address);
    const tenantId = await this.tenantOfToken(input.token);
    return RequestContext.run({ requestId: RequestContext.requestId() ?? 'public' }, () =>
      this.translate(() =>
        this.db.asTenant({ tenantId }, async (tx) => {
          const invitation = await this.openInvitation(tx, input.token);
          const [template]: TemplateRow[] = await tx.query(
            `SELECT * FROM survey_templates WHERE tenant_id = app_tenant_id() AND id = $1`,
            [invitation.template_id],
          );
          const consumed: [InvitationRow[], number] = await tx.query(
            `UPDATE survey_invitations SET used_at = now()
             WHERE tenant_id = app_tenant_id() AND id = $1 AND used_at IS NULL AND expires_at > now() RETURNING id`,
            [invitation.id],
          );
          if (consumed[1] === 0) {
            // Someone else consumed it meanwhile (or it expired this very moment).
            const [now] = await tx.query(
              `SELECT used_at, expires_at FROM survey_invitations WHERE tenant_id = app_tenant_id() AND id = $1`,
              [invitation.id],
            );
            throw now.used_at ? alreadyAnswered() : expired(now.expires_at);
          }
          const id = await this.record(tx, {
            template,
            channel: SurveyChannel.PUBLIC_LINK,
            customerId: invitation.customer_id,
            revisitId: invitation.revisit_id,
            zoneId: invitation.zone_id,
            invitationId: invitation.id,
            answers: input.answers,
            csat: input.csat ?? null,
            comment: input.comment?.trim() || null,
            idempotencyKey: null,
          });
          const [row] = await tx.query(
            `SELECT submitted_at FROM survey_responses WHERE tenant_id = app_tenant_id() AND id = $1`,
            [id],
          );
          return { submittedAt: row.submitted_at, answered: input.answers.length };
        }),
      ),
    );
  }

  /** Inserts a response and all its answers (two statements) after checking them against the template. */
  private async record(tx: EntityManager, response: NewResponse): Promise<string> {
    // Shares the template row with other submissions, but waits for (and blocks) an edit of it.
    await tx.query(`SELECT 1 FROM survey_templates WHERE tenant_id = app_tenant_id() AND id = $1 FOR SHARE`, [
      response.template.id,
    ]);
    const items = await this.templates.itemsOf(tx, response.template.id);
    const problems = answerProblems(
      items.map((item) => item.id),
      response.answers,
    );
    // An item id of another template, tenant or nothing at all: the same answer either way.
    if (problems.unknown.length > 0) throw notFound('Survey item');
    if (problems.outOfScale.length > 0)
      throw badInput('Expectation and perception are whole numbers from 1 to 7');
    if (problems.duplicated.length > 0)
      throw badInput(
        `Each statement is answered once; answered more than once: ${problems.duplicated.join(', ')}`,
      );
    if (problems.missing.length > 0)
      throw badInput(
        `Every statement of the survey must be answered: ${problems.missing.length} of ${items.length} have no answer`,
        { missingItemIds: problems.missing },
      );
    if (
      response.csat !== null &&
      !(Number.isInteger(response.csat) && response.csat >= 1 && response.csat <= 5)
    )
      throw badInput('CSAT is a whole number from 1 to 5');
    if (response.csat !== null && !response.template.csat_question)
      throw badInput('This survey does not ask the overall satisfaction question');
    const id = newId();
    await tx.query(
      `INSERT INTO survey_responses (tenant_id, id, template_id, channel, customer_id, revisit_id, zone_id, invitation_id, csat, comment, submitted_by, idempotency_key)
       VALUES (app_tenant_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        id,
        response.template.id,
        response.channel,
        response.customerId,
        response.revisitId,
        response.zoneId,
        response.invitationId,
        response.csat,
        response.comment,
        RequestContext.actorOrNull()?.userId ?? null,
        response.idempotencyKey,
      ],
    );
    await tx.query(
      `INSERT INTO survey_answers (tenant_id, id, response_id, item_id, expectation, perception)
       SELECT app_tenant_id(), a.id, $1, a.item_id, a.expectation, a.perception
       FROM unnest($2::uuid[], $3::uuid[], $4::int[], $5::int[]) AS a(id, item_id, expectation, perception)`,
      [
        id,
        response.answers.map(() => newId()),
        response.answers.map((answer) => answer.itemId.toLowerCase()),
        response.answers.map((answer) => answer.expectation),
        response.answers.map((answer) => answer.perception),
      ],
    );
    await this.events.append(tx, {
      type: 'survey.response_submitted',
      entity: { kind: 'survey_response', id },
      // No zoneId (see createInvitation): the feed is for the front desk, not the zone's field staff.
      data: {
        templateId: response.template.id,
        channel: response.channel,
        revisitId: response.revisitId,
        csat: response.csat,
      },
    });
    return id;
  }

  private async load(tx: EntityManager, id: string): Promise<SurveyResponseObject> {
    const [row]: ResponseRow[] = await tx.query(
      `SELECT * FROM survey_responses WHERE tenant_id = app_tenant_id() AND id = $1`,
      [id],
    );
    if (!row) throw notFound('Survey response');
    const answers = await tx.query(
      `SELECT a.item_id AS "itemId", i.dimension, a.expectation, a.perception
       FROM survey_answers a JOIN survey_items i ON i.tenant_id = a.tenant_id AND i.id = a.item_id
       WHERE a.tenant_id = app_tenant_id() AND a.response_id = $1 ORDER BY i.position`,
      [id],
    );
    return {
      id: row.id,
      templateId: row.template_id,
      channel: row.channel,
      customerId: row.customer_id,
      revisitId: row.revisit_id,
      zoneId: row.zone_id,
      csat: row.csat,
      comment: row.comment,
      answers,
      submittedAt: row.submitted_at,
    };
  }

  /** The tenant of a token, through the definer function (the public caller has no tenant yet). */
  private async tenantOfToken(token: string): Promise<string> {
    const [hit] = await this.db.query<{ tenant_id: string }>(
      'SELECT tenant_id FROM survey_invitation_by_token_hash($1)',
      [hashSurveyToken(token)],
    );
    if (!hit) throw notFound('Survey');
    return hit.tenant_id;
  }

  /** The invitation of a token, refused with a clear reason once used or expired. */
  private async openInvitation(tx: EntityManager, token: string): Promise<InvitationRow> {
    const [invitation]: InvitationRow[] = await tx.query(
      `SELECT * FROM survey_invitations WHERE tenant_id = app_tenant_id() AND token_hash = $1`,
      [hashSurveyToken(token)],
    );
    if (!invitation) throw notFound('Survey');
    if (invitation.used_at) throw alreadyAnswered();
    if (invitation.expires_at.getTime() <= Date.now()) throw expired(invitation.expires_at);
    return invitation;
  }

  private async throttle(address: string): Promise<void> {
    const hits = await this.limiter.hit(`public-survey:${address}`, 60_000);
    if (hits > config().PUBLIC_SURVEY_MAX_PER_MINUTE)
      throw new DomainError(
        ErrorCode.RATE_LIMITED,
        'Too many survey requests from this address; try again in a minute',
      );
  }

  private async translate<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const constraint = uniqueViolation(error);
      if (constraint === REVISIT_ANSWERED) throw conflict('This revisit already has a survey response');
      if (constraint === INVITATION_ANSWERED) throw alreadyAnswered();
      if (constraint === RESPONSE_KEY_TAKEN || constraint === INVITATION_KEY_TAKEN)
        throw conflict('A request with this idempotency key is in progress; retry');
      throw error;
    }
  }
}

/** One message per invitation: the outbound queue's dedupe key. */
const invitationMessageKey = (invitationId: string) => `survey-invitation:${invitationId}`;

/** An absolute address on the public site (the console) for a path. */
function publicUrl(path: string): string {
  return `${config().PUBLIC_BASE_URL.replace(/\/+$/, '')}${path}`;
}

/** The message an earlier call sent for an invitation, if any. */
async function sentMessage(
  tx: EntityManager,
  invitationId: string,
): Promise<SurveyInvitationMessageObject | null> {
  const [message] = await tx.query(
    `SELECT id AS "messageId", channel, status, skip_reason AS "skipReason"
     FROM outbound_messages WHERE tenant_id = app_tenant_id() AND dedupe_key = $1`,
    [invitationMessageKey(invitationId)],
  );
  return message ?? null;
}

function toLink(
  row: InvitationRow,
  token: string | null,
  message: SurveyInvitationMessageObject | null,
): SurveyInvitationLinkObject {
  return {
    invitationId: row.id,
    templateId: row.template_id,
    token,
    path: token ? surveyPath(token) : null,
    url: token ? publicUrl(surveyPath(token)) : null,
    message,
    expiresAt: row.expires_at,
    customerId: row.customer_id,
    zoneId: row.zone_id,
    revisitId: row.revisit_id,
  };
}

interface RevisitRow {
  id: string;
  status: string;
  customer_id: string | null;
  zone_id: string | null;
}

/** A revisit of the tenant (linked by id only), with the zone of its work order if it has one. */
async function findRevisit(tx: EntityManager, rawId: string): Promise<RevisitRow> {
  const [revisit]: RevisitRow[] = await tx.query(
    `SELECT r.id, r.status, r.customer_id, w.zone_id FROM revisit_tasks r
     LEFT JOIN work_orders w ON w.tenant_id = r.tenant_id AND w.id = r.work_order_id
     WHERE r.tenant_id = app_tenant_id() AND r.id = $1`,
    [requireId(rawId, 'Revisit id')],
  );
  if (!revisit) throw notFound('Revisit');
  return revisit;
}

/** One survey per revisit: a link for a revisit that has its answers already could never be used. */
async function requireUnanswered(tx: EntityManager, revisitId: string): Promise<void> {
  const [answered] = await tx.query(
    `SELECT 1 FROM survey_responses WHERE tenant_id = app_tenant_id() AND revisit_id = $1`,
    [revisitId],
  );
  if (answered) throw conflict('This revisit already has a survey response');
}

async function requireRow(tx: EntityManager, table: 'customers', id: string, what: string): Promise<void> {
  const [row] = await tx.query(`SELECT 1 FROM ${table} WHERE tenant_id = app_tenant_id() AND id = $1`, [id]);
  if (!row) throw notFound(what);
}

async function activeZone(tx: EntityManager, rawId: string): Promise<string> {
  const id = requireId(rawId, 'Zone id');
  const [zone] = await tx.query(`SELECT active FROM zones WHERE tenant_id = app_tenant_id() AND id = $1`, [
    id,
  ]);
  if (!zone) throw notFound('Zone');
  if (!zone.active) throw badInput('The zone is retired');
  return id;
}
