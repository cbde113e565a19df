import { Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import {
  badInput,
  DomainError,
  ErrorCode,
  newId,
  notFound,
  RequestContext,
  requireId,
  Role,
} from '@service-desk/core';
import { Database, nextTenantNumber } from '@service-desk/db';
import { EventLog } from '@service-desk/events';
import type { EntityManager } from 'typeorm';
import { type ComplaintAction, nextState } from './complaint-lifecycle.js';
import {
  calendarOf,
  type ComplaintPolicy,
  ComplaintPolicyService,
  compensationAuthority,
} from './complaint-policy.service.js';
import { type ComplaintRow, toComplaintObject } from './complaint-row.js';
import { NoteVisibility, Remedy, SeverityLevel } from './complaint.enums.js';
import type { ComplaintObject } from './complaint.object.js';
import type {
  AcknowledgeComplaintInput,
  AddComplaintNoteInput,
  AssessComplaintInput,
  CloseComplaintInput,
  EscalateComplaintInput,
  EvaluateComplaintInput,
  ProposeResolutionInput,
  RecordCustomerDecisionInput,
  RecordCustomerReplyInput,
  ReopenComplaintInput,
  RequestCustomerInfoInput,
  ResolveComplaintInput,
} from './dto/complaint-actions.input.js';
import type { SubmitComplaintInput } from './dto/submit-complaint.input.js';
import { computeDeadlines, targetsFor } from './sla.js';

const DAY = 86_400_000;
const ESCALATION_ROLES: Record<number, Role> = { 1: Role.SUPERVISOR, 2: Role.OWNER };
const TRACKING_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A new complaint, from staff or from the public form. */
export interface NewComplaint {
  customerId: string | null;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  channel: string;
  category: string;
  subcategory: string | null;
  severity: SeverityLevel;
  title: string;
  description: string;
  idempotencyKey: string | null;
  submittedBy: string | null;
  handlerId: string | null;
}

/**
 * The complaint desk's use cases. Each runs in one transaction that locks the complaint row, checks the
 * lifecycle rule, writes the change and its `complaint.*` event.
 */
@Injectable()
export class ComplaintsService {
  constructor(
    private readonly db: Database,
    private readonly events: EventLog,
    private readonly policies: ComplaintPolicyService,
  ) {}

  async submit(input: SubmitComplaintInput): Promise<ComplaintObject> {
    const actor = RequestContext.actor();
    if (!input.customerId && !input.contactName && !input.contactPhone && !input.contactEmail) {
      throw badInput('Link a customer or give a contact name, phone or e-mail');
    }
    return this.db.transaction(async (tx) => {
      const row = await this.insert(tx, {
        customerId: input.customerId ?? null,
        contactName: input.contactName?.trim() || null,
        contactPhone: input.contactPhone ?? null,
        contactEmail: input.contactEmail ?? null,
        channel: input.channel,
        category: input.category,
        subcategory: input.subcategory?.trim() || null,
        severity: input.severity ?? SeverityLevel.NORMAL,
        title: input.title.trim(),
        description: input.description.trim(),
        idempotencyKey: input.idempotencyKey ?? null,
        submittedBy: actor.userId,
        handlerId: actor.userId,
      });
      return toComplaintObject(row);
    });
  }

  /** Inserts a complaint with its deadlines and event in the caller's transaction (idempotent by key). */
  async insert(tx: EntityManager, complaint: NewComplaint): Promise<ComplaintRow> {
    if (complaint.idempotencyKey) {
      const [existing] = await tx.query(
        `SELECT * FROM complaints WHERE tenant_id = app_tenant_id() AND idempotency_key = $1`,
        [complaint.idempotencyKey],
      );
      if (existing) return existing;
    }
    if (complaint.customerId) {
      const [customer] = await tx.query(
        `SELECT 1 FROM customers WHERE tenant_id = app_tenant_id() AND id = $1`,
        [requireId(complaint.customerId, 'Customer id')],
      );
      if (!customer) throw notFound('Customer');
    }
    const policy = await this.policies.load(tx);
    const receivedAt = new Date();
    const deadlines = computeDeadlines({
      receivedAt,
      targets: targetsFor(policy, complaint.severity, policy.floor),
      calendar: calendarOf(policy),
      pauses: [],
    });
    const number = await nextTenantNumber(tx, 'complaint');
    const id = newId();
    const [row]: ComplaintRow[] = await tx.query(
      `INSERT INTO complaints (tenant_id, id, number, tracking_code, customer_id, contact_name, contact_phone, contact_email,
         channel, category, subcategory, severity, title, description, state, handler_id, received_at, clock_started_at,
         first_reply_due_at, first_reply_warn_at, resolution_due_at, resolution_warn_at, idempotency_key, submitted_by)
       VALUES (app_tenant_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'RECEIVED', $14, $15, $15,
         $16, $17, $18, $19, $20, $21)
       RETURNING *`,
      [
        id,
        number,
        trackingCode(),
        complaint.customerId,
        complaint.contactName,
        complaint.contactPhone,
        complaint.contactEmail,
        complaint.channel,
        complaint.category,
        complaint.subcategory,
        complaint.severity,
        complaint.title,
        complaint.description,
        complaint.handlerId,
        receivedAt,
        deadlines.firstReplyDueAt,
        deadlines.firstReplyWarnAt,
        deadlines.resolutionDueAt,
        deadlines.resolutionWarnAt,
        complaint.idempotencyKey,
        complaint.submittedBy,
      ],
    );
    await this.event(tx, 'complaint.submitted', row, { channel: row.channel, category: row.category });
    return row;
  }

  acknowledge(input: AcknowledgeComplaintInput): Promise<ComplaintObject> {
    return this.act(input.complaintId, 'acknowledge', async (tx, row) => {
      future(input.promisedReplyAt, 'promisedReplyAt');
      await this.promise(tx, row.id, 'ACKNOWLEDGEMENT', input.promisedReplyAt);
      if (input.message?.trim()) await this.note(tx, row.id, NoteVisibility.PUBLIC, input.message.trim());
      await tx.query(
        `UPDATE complaints SET acknowledged_at = now() WHERE tenant_id = app_tenant_id() AND id = $1`,
        [row.id],
      );
      return {
        type: 'complaint.acknowledged',
        data: { promisedReplyAt: input.promisedReplyAt.toISOString() },
      };
    });
  }

  assess(input: AssessComplaintInput): Promise<ComplaintObject> {
    return this.act(input.complaintId, 'assess', async (tx, row, policy) => {
      await tx.query(
        `UPDATE complaints SET severity = coalesce($2, severity), category = coalesce($3, category),
           subcategory = coalesce($4, subcategory) WHERE tenant_id = app_tenant_id() AND id = $1`,
        [row.id, input.severity ?? null, input.category ?? null, input.subcategory?.trim() || null],
      );
      if (input.note?.trim()) await this.note(tx, row.id, NoteVisibility.INTERNAL, input.note.trim());
      if (input.severity && input.severity !== row.severity) await this.recompute(tx, row.id, policy);
      return {
        type: 'complaint.assessed',
        data: { severity: input.severity ?? row.severity, category: input.category ?? row.category },
      };
    });
  }

  startInvestigation(complaintId: string): Promise<ComplaintObject> {
    return this.act(complaintId, 'startInvestigation', async () => ({ type: 'complaint.investigating' }));
  }

  /** Asks the customer; the resolution clock stops until the reply (pause kept with its reason). */
  requestCustomerInfo(input: RequestCustomerInfoInput): Promise<ComplaintObject> {
    return this.act(input.complaintId, 'requestCustomerInfo', async (tx, row, policy) => {
      await tx.query(
        `INSERT INTO complaint_pauses (tenant_id, id, complaint_id, reason, started_at) VALUES (app_tenant_id(), $1, $2, $3, now())`,
        [newId(), row.id, input.question.trim()],
      );
      await this.note(tx, row.id, NoteVisibility.PUBLIC, input.question.trim());
      await this.keepPromises(tx, row.id);
      await this.recompute(tx, row.id, policy);
      return { type: 'complaint.awaiting_customer' };
    });
  }

  /** `outer`: the caller's transaction (e-mail intake records the reply together with the mail). */
  recordCustomerReply(input: RecordCustomerReplyInput, outer?: EntityManager): Promise<ComplaintObject> {
    return this.act(
      input.complaintId,
      'recordCustomerReply',
      async (tx, row, policy) => {
        await tx.query(
          `UPDATE complaint_pauses SET ended_at = now() WHERE tenant_id = app_tenant_id() AND complaint_id = $1 AND ended_at IS NULL`,
          [row.id],
        );
        await this.note(tx, row.id, NoteVisibility.INTERNAL, `Customer: ${input.reply.trim()}`, null);
        await this.recompute(tx, row.id, policy);
        return { type: 'complaint.customer_replied' };
      },
      outer,
    );
  }

  /** A message from the customer outside AWAITING_CUSTOMER: kept as a note; the state does not move. */
  recordCustomerMessage(
    input: { complaintId: string; message: string; via: string },
    outer?: EntityManager,
  ): Promise<ComplaintObject> {
    return this.act(
      input.complaintId,
      'recordCustomerMessage',
      async (tx, row) => {
        const body = `Customer (${input.via}): ${input.message.trim()}`;
        await this.note(tx, row.id, NoteVisibility.INTERNAL, body, null);
        return { type: 'complaint.customer_message', data: { via: input.via } };
      },
      outer,
    );
  }

  /** Hands the complaint to the next level with a reason and a reply time agreed with the customer. */
  escalate(input: EscalateComplaintInput): Promise<ComplaintObject> {
    return this.act(input.complaintId, 'escalate', async (tx, row) => {
      future(input.agreedReplyAt, 'agreedReplyAt');
      const level = row.escalation_level + 1;
      const handlerId = await this.escalationTarget(tx, row, level, input.toUserId);
      await this.recordEscalation(tx, row, level, handlerId, input.reason.trim(), input.agreedReplyAt, false);
      await this.promise(tx, row.id, 'ESCALATION', input.agreedReplyAt);
      return {
        type: 'complaint.escalated',
        data: { level, handlerId, agreedReplyAt: input.agreedReplyAt.toISOString() },
      };
    });
  }

  /** Options above the proposer's compensation authority are refused (COMPENSATION_LIMIT_EXCEEDED). */
  propose(input: ProposeResolutionInput): Promise<ComplaintObject> {
    return this.act(input.complaintId, 'propose', async (tx, row, policy) => {
      const actor = RequestContext.actor();
      const authority = compensationAuthority(policy, actor.role);
      for (const option of input.options) {
        if (option.amount > authority) {
          throw new DomainError(
            ErrorCode.COMPENSATION_LIMIT_EXCEEDED,
            `An option of ${option.amount} exceeds your compensation authority of ${authority}; escalate the complaint`,
            { limit: authority, amount: option.amount },
          );
        }
        if (option.remedy === Remedy.POINTS && !option.points)
          throw badInput('A POINTS remedy needs the number of points');
        if (option.remedy === Remedy.POINTS && !row.customer_id)
          throw badInput('Goodwill points need a linked customer');
        if (option.remedy !== Remedy.POINTS && option.points)
          throw badInput('Only a POINTS remedy carries points');
      }
      const proposalId = newId();
      await tx.query(
        `INSERT INTO complaint_proposals (tenant_id, id, complaint_id, round, proposed_by) VALUES (app_tenant_id(), $1, $2, $3, $4)`,
        [proposalId, row.id, row.negotiation_rounds + 1, actor.userId],
      );
      for (const [position, option] of input.options.entries()) {
        await tx.query(
          `INSERT INTO complaint_proposal_options (tenant_id, id, proposal_id, position, remedy, amount, points, description)
           VALUES (app_tenant_id(), $1, $2, $3, $4, $5, $6, $7)`,
          [
            newId(),
            proposalId,
            position,
            option.remedy,
            option.amount,
            option.points ?? null,
            option.description.trim(),
          ],
        );
      }
      if (input.message?.trim()) await this.note(tx, row.id, NoteVisibility.PUBLIC, input.message.trim());
      await this.keepPromises(tx, row.id);
      return {
        type: 'complaint.proposed',
        data: { proposalId, round: row.negotiation_rounds + 1, remedies: input.options.map((o) => o.remedy) },
      };
    });
  }

  /** A rejection returns to INVESTIGATING and counts a negotiation round. */
  recordCustomerDecision(input: RecordCustomerDecisionInput): Promise<ComplaintObject> {
    return this.act(
      input.complaintId,
      input.accepted ? 'acceptProposal' : 'rejectProposal',
      async (tx, row) => {
        const [proposal] = await tx.query(
          `SELECT id FROM complaint_proposals WHERE tenant_id = app_tenant_id() AND complaint_id = $1 AND status = 'PENDING'
         ORDER BY round DESC LIMIT 1`,
          [row.id],
        );
        if (!proposal)
          throw new DomainError(ErrorCode.INVALID_TRANSITION, 'There is no pending proposal to decide on');
        if (input.accepted) {
          const optionIds = [...new Set((input.optionIds ?? []).map((id) => requireId(id, 'Option id')))];
          if (optionIds.length === 0) throw badInput('Say which options the customer accepted');
          // TypeORM answers an UPDATE with [rows, rowCount].
          const [accepted] = await tx.query(
            `UPDATE complaint_proposal_options SET accepted = true WHERE tenant_id = app_tenant_id() AND proposal_id = $1 AND id = ANY($2) RETURNING id`,
            [proposal.id, optionIds],
          );
          if (accepted.length !== optionIds.length)
            throw badInput('Every accepted option must belong to the pending proposal');
        }
        await tx.query(
          `UPDATE complaint_proposals SET status = $2, decided_at = now(), customer_comment = $3 WHERE tenant_id = app_tenant_id() AND id = $1`,
          [proposal.id, input.accepted ? 'ACCEPTED' : 'REJECTED', input.comment?.trim() || null],
        );
        if (!input.accepted) {
          await tx.query(
            `UPDATE complaints SET negotiation_rounds = negotiation_rounds + 1 WHERE tenant_id = app_tenant_id() AND id = $1`,
            [row.id],
          );
        }
        return {
          type: 'complaint.decision_recorded',
          data: { proposalId: proposal.id, accepted: input.accepted },
        };
      },
    );
  }

  /** Needs an accepted proposal; posts goodwill points and schedules the COMPLAINT revisit. */
  resolve(input: ResolveComplaintInput): Promise<ComplaintObject> {
    return this.act(input.complaintId, 'resolve', async (tx, row, policy) => {
      const accepted: Array<{ id: string; remedy: Remedy; points: number | null }> = await tx.query(
        `SELECT o.id, o.remedy, o.points FROM complaint_proposals p
         JOIN complaint_proposal_options o ON o.tenant_id = p.tenant_id AND o.proposal_id = p.id AND o.accepted
         WHERE p.tenant_id = app_tenant_id() AND p.complaint_id = $1 AND p.status = 'ACCEPTED'
           AND p.round = (SELECT max(round) FROM complaint_proposals WHERE tenant_id = app_tenant_id() AND complaint_id = $1)`,
        [row.id],
      );
      if (accepted.length === 0)
        throw new DomainError(
          ErrorCode.INVALID_TRANSITION,
          'Resolve only after the customer accepted a proposal',
        );
      for (const option of accepted.filter(
        (o) => o.remedy === Remedy.POINTS && o.points && row.customer_id,
      )) {
        await tx.query(
          `INSERT INTO goodwill_points (tenant_id, id, complaint_id, customer_id, points, idempotency_key)
           VALUES (app_tenant_id(), $1, $2, $3, $4, $5) ON CONFLICT (tenant_id, idempotency_key) DO NOTHING`,
          [newId(), row.id, row.customer_id, option.points, `complaint:${row.id}:option:${option.id}`],
        );
      }
      const revisitDays = targetsFor(policy, row.severity, policy.floor).revisitDays;
      const revisitId = newId();
      await tx.query(
        `INSERT INTO revisit_tasks (tenant_id, id, type, customer_id, complaint_id, assignee_id, due_at)
         VALUES (app_tenant_id(), $1, 'COMPLAINT', $2, $3, $4, now() + make_interval(days => $5))`,
        [revisitId, row.customer_id, row.id, row.handler_id, revisitDays],
      );
      await tx.query(
        `UPDATE complaints SET resolved_at = now(), resolution_summary = $2 WHERE tenant_id = app_tenant_id() AND id = $1`,
        [row.id, input.summary.trim()],
      );
      await this.keepPromises(tx, row.id);
      await this.events.append(tx, {
        type: 'revisit.scheduled',
        entity: { kind: 'revisit', id: revisitId },
        data: { type: 'COMPLAINT', complaintId: row.id, assigneeId: row.handler_id },
      });
      return { type: 'complaint.resolved', data: { revisitId } };
    });
  }

  /** Closes the loop once the revisit is done; the owner may force-close with a reason. */
  close(input: CloseComplaintInput): Promise<ComplaintObject> {
    return this.act(input.complaintId, input.force ? 'forceClose' : 'close', async (tx, row) => {
      if (input.force) {
        if (!input.reason?.trim()) throw badInput('Force-closing needs a reason');
        await tx.query(
          `UPDATE revisit_tasks SET status = 'CANCELLED', updated_at = now()
           WHERE tenant_id = app_tenant_id() AND complaint_id = $1 AND status IN ('PENDING', 'IN_PROGRESS')`,
          [row.id],
        );
      } else {
        const [revisit] = await tx.query(
          `SELECT status FROM revisit_tasks WHERE tenant_id = app_tenant_id() AND complaint_id = $1 AND type = 'COMPLAINT'
           ORDER BY created_at DESC LIMIT 1`,
          [row.id],
        );
        if (!revisit || !['COMPLETED', 'UNREACHABLE'].includes(revisit.status)) {
          throw new DomainError(
            ErrorCode.INVALID_TRANSITION,
            'The revisit must be completed (or the customer unreachable) before closing',
            {
              revisitStatus: revisit?.status ?? null,
            },
          );
        }
      }
      await tx.query(
        `UPDATE complaints SET closed_at = now(), force_closed = $2, close_reason = $3 WHERE tenant_id = app_tenant_id() AND id = $1`,
        [row.id, Boolean(input.force), input.reason?.trim() || null],
      );
      return { type: 'complaint.closed', data: { forced: Boolean(input.force) } };
    });
  }

  /** Within the reopen window; the resolution clock starts again from now. */
  reopen(input: ReopenComplaintInput): Promise<ComplaintObject> {
    return this.act(input.complaintId, 'reopen', async (tx, row, policy) => {
      const since = row.closed_at ?? row.resolved_at;
      if (since && Date.now() - since.getTime() > policy.reopenWindowDays * DAY) {
        throw new DomainError(
          ErrorCode.INVALID_TRANSITION,
          `A complaint can be reopened within ${policy.reopenWindowDays} days`,
        );
      }
      await this.reopenInTransaction(tx, row, policy, input.reason.trim());
      return { type: 'complaint.reopened', data: { reason: 'manual' } };
    });
  }

  /** Reopening shared with the revisit flow (low satisfaction reopens as the system). */
  async reopenInTransaction(
    tx: EntityManager,
    row: ComplaintRow,
    policy: ComplaintPolicy,
    reason: string,
  ): Promise<void> {
    await tx.query(
      `UPDATE revisit_tasks SET status = 'CANCELLED', updated_at = now()
       WHERE tenant_id = app_tenant_id() AND complaint_id = $1 AND status IN ('PENDING', 'IN_PROGRESS')`,
      [row.id],
    );
    await tx.query(
      `UPDATE complaints SET reopen_count = reopen_count + 1, resolved_at = NULL, closed_at = NULL, force_closed = false,
         close_reason = NULL, clock_started_at = now(), resolution_warned_at = NULL, resolution_breached_at = NULL
       WHERE tenant_id = app_tenant_id() AND id = $1`,
      [row.id],
    );
    await this.note(tx, row.id, NoteVisibility.INTERNAL, `Reopened: ${reason}`);
    await this.recompute(tx, row.id, policy);
  }

  evaluate(input: EvaluateComplaintInput): Promise<ComplaintObject> {
    return this.act(input.complaintId, 'evaluate', async (tx, row) => {
      await tx.query(
        `UPDATE complaints SET root_cause = $2, preventive_action = $3, in_case_library = $4, evaluated_at = now(), evaluated_by = $5
         WHERE tenant_id = app_tenant_id() AND id = $1`,
        [
          row.id,
          input.rootCause.trim(),
          input.preventiveAction.trim(),
          input.addToCaseLibrary,
          RequestContext.actor().userId,
        ],
      );
      return { type: 'complaint.evaluated', data: { inCaseLibrary: input.addToCaseLibrary } };
    });
  }

  addNote(input: AddComplaintNoteInput): Promise<ComplaintObject> {
    return this.act(input.complaintId, 'addNote', async (tx, row) => {
      await this.note(tx, row.id, input.visibility, input.body.trim());
      if (input.visibility === NoteVisibility.PUBLIC) await this.keepPromises(tx, row.id);
      return { type: 'complaint.note_added', data: { visibility: input.visibility } };
    });
  }

  async get(rawId: string): Promise<ComplaintObject> {
    const id = requireId(rawId, 'Complaint id');
    return this.db.transaction(async (tx) => toComplaintObject(await this.find(tx, id)));
  }

  /**
   * Shared frame of every action: lock the row, check the lifecycle, run the change, write the
   * event with the new state, return the fresh complaint.
   */
  private act(
    rawId: string,
    action: ComplaintAction,
    change: (
      tx: EntityManager,
      row: ComplaintRow,
      policy: ComplaintPolicy,
    ) => Promise<{ type: string; data?: Record<string, unknown> }>,
    /** The caller's transaction, when the action is part of a larger one (e-mail intake). */
    outer?: EntityManager,
  ): Promise<ComplaintObject> {
    const id = requireId(rawId, 'Complaint id');
    const actor = RequestContext.actor();
    const run = async (tx: EntityManager) => {
      const row = await this.find(tx, id, true);
      const state = nextState(row.state, action, actor.role);
      const policy = await this.policies.load(tx);
      const { type, data } = await change(tx, row, policy);
      if (state !== row.state) {
        await tx.query(
          `UPDATE complaints SET state = $2, updated_at = now() WHERE tenant_id = app_tenant_id() AND id = $1`,
          [id, state],
        );
      } else {
        await tx.query(
          `UPDATE complaints SET updated_at = now() WHERE tenant_id = app_tenant_id() AND id = $1`,
          [id],
        );
      }
      const fresh = await this.find(tx, id);
      await this.event(tx, type, fresh, data);
      return toComplaintObject(fresh);
    };
    return outer ? run(outer) : this.db.transaction(run);
  }

  async find(tx: EntityManager, id: string, lock = false): Promise<ComplaintRow> {
    const [row] = await tx.query(
      `SELECT * FROM complaints WHERE tenant_id = app_tenant_id() AND id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    if (!row) throw notFound('Complaint');
    return row;
  }

  /** Deadlines from the clock start, the current severity and the pauses since then. */
  async recompute(tx: EntityManager, id: string, policy: ComplaintPolicy): Promise<void> {
    const row = await this.find(tx, id);
    const pauses: Array<{ started_at: Date; ended_at: Date | null }> = await tx.query(
      `SELECT started_at, ended_at FROM complaint_pauses WHERE tenant_id = app_tenant_id() AND complaint_id = $1 AND started_at >= $2`,
      [id, row.clock_started_at],
    );
    const deadlines = computeDeadlines({
      receivedAt: row.clock_started_at,
      targets: targetsFor(policy, row.severity, policy.floor),
      calendar: calendarOf(policy),
      pauses: pauses.map((pause) => ({ start: pause.started_at, end: pause.ended_at })),
    });
    // The first-reply clock always counts from receipt.
    const firstReply = computeDeadlines({
      receivedAt: row.received_at,
      targets: targetsFor(policy, row.severity, policy.floor),
      calendar: calendarOf(policy),
      pauses: [],
    });
    await tx.query(
      `UPDATE complaints SET first_reply_due_at = $2, first_reply_warn_at = $3, resolution_due_at = $4, resolution_warn_at = $5
       WHERE tenant_id = app_tenant_id() AND id = $1`,
      [
        id,
        firstReply.firstReplyDueAt,
        firstReply.firstReplyWarnAt,
        deadlines.resolutionDueAt,
        deadlines.resolutionWarnAt,
      ],
    );
  }

  /** The next-level handler: the named user (who must have that level's role) or the least busy one. */
  async escalationTarget(
    tx: EntityManager,
    row: ComplaintRow,
    level: number,
    toUserId?: string,
  ): Promise<string> {
    const role = ESCALATION_ROLES[level];
    if (!role)
      throw new DomainError(
        ErrorCode.INVALID_TRANSITION,
        'The complaint is already with the owner, the highest level',
      );
    if (toUserId) {
      const [user] = await tx.query(
        `SELECT role, active FROM users WHERE tenant_id = app_tenant_id() AND id = $1`,
        [requireId(toUserId, 'User id')],
      );
      if (!user) throw notFound('User');
      if (user.role !== role || !user.active)
        throw badInput(`Level ${level} is handled by an active ${role}`);
      return toUserId;
    }
    const [candidate] = await tx.query(
      `SELECT u.id FROM users u
       LEFT JOIN complaints c ON c.tenant_id = u.tenant_id AND c.handler_id = u.id AND c.state NOT IN ('RESOLVED', 'CLOSED')
       WHERE u.tenant_id = app_tenant_id() AND u.role = $1 AND u.active AND u.id IS DISTINCT FROM $2
       GROUP BY u.id ORDER BY count(c.id), u.id LIMIT 1`,
      [role, row.handler_id],
    );
    if (!candidate) throw badInput(`No active ${role} to escalate to`);
    return candidate.id;
  }

  async recordEscalation(
    tx: EntityManager,
    row: ComplaintRow,
    level: number,
    handlerId: string,
    reason: string,
    agreedReplyAt: Date | null,
    bySystem: boolean,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO complaint_escalations (tenant_id, id, complaint_id, from_level, to_level, from_handler_id, to_handler_id, reason,
         agreed_reply_at, by_system, actor_id)
       VALUES (app_tenant_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        newId(),
        row.id,
        row.escalation_level,
        level,
        row.handler_id,
        handlerId,
        reason,
        agreedReplyAt,
        bySystem,
        RequestContext.actorOrNull()?.userId ?? null,
      ],
    );
    await tx.query(
      `UPDATE complaints SET escalation_level = $2, handler_id = $3 WHERE tenant_id = app_tenant_id() AND id = $1`,
      [row.id, level, handlerId],
    );
  }

  private async promise(
    tx: EntityManager,
    complaintId: string,
    kind: 'ACKNOWLEDGEMENT' | 'ESCALATION',
    dueAt: Date,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO complaint_promises (tenant_id, id, complaint_id, kind, promised_by, due_at) VALUES (app_tenant_id(), $1, $2, $3, $4, $5)`,
      [newId(), complaintId, kind, RequestContext.actorOrNull()?.userId ?? null, dueAt],
    );
  }

  /** Answering the customer in time keeps every open promise of the complaint. */
  private async keepPromises(tx: EntityManager, complaintId: string): Promise<void> {
    await tx.query(
      `UPDATE complaint_promises SET kept_at = now()
       WHERE tenant_id = app_tenant_id() AND complaint_id = $1 AND kept_at IS NULL AND broken_at IS NULL AND due_at >= now()`,
      [complaintId],
    );
  }

  private async note(
    tx: EntityManager,
    complaintId: string,
    visibility: NoteVisibility,
    body: string,
    authorId?: string | null,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO complaint_notes (tenant_id, id, complaint_id, author_id, visibility, body) VALUES (app_tenant_id(), $1, $2, $3, $4, $5)`,
      [
        newId(),
        complaintId,
        authorId === undefined ? (RequestContext.actorOrNull()?.userId ?? null) : authorId,
        visibility,
        body,
      ],
    );
  }

  /** Events carry ids, states and summary fields only. */
  async event(
    tx: EntityManager,
    type: string,
    row: ComplaintRow,
    data: Record<string, unknown> = {},
  ): Promise<void> {
    await this.events.append(tx, {
      type,
      entity: { kind: 'complaint', id: row.id },
      data: {
        number: row.number,
        state: row.state,
        severity: row.severity,
        handlerId: row.handler_id,
        ...data,
      },
    });
  }
}

function future(date: Date, name: string): void {
  if (!(date instanceof Date) || Number.isNaN(date.getTime()) || date.getTime() <= Date.now()) {
    throw badInput(`${name} must be in the future`);
  }
}

export function trackingCode(): string {
  const pick = () => TRACKING_ALPHABET[randomInt(TRACKING_ALPHABET.length)];
  return `CT-${Array.from({ length: 5 }, pick).join('')}-${Array.from({ length: 5 }, pick).join('')}`;
}
