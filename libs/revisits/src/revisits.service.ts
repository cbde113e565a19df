import { Injectable } from '@nestjs/common';
import {
  ComplaintPolicyService,
  ComplaintState,
  ComplaintsService,
  nextState,
  RevisitStatus,
} from '@service-desk/complaints';
import {
  badInput,
  DomainError,
  ErrorCode,
  newId,
  notFound,
  RequestContext,
  requireId,
} from '@service-desk/core';
import { Database } from '@service-desk/db';
import { EventLog } from '@service-desk/events';
import { SurveyResponsesService } from '@service-desk/surveys';
import type { EntityManager } from 'typeorm';
import type {
  CancelRevisitInput,
  CompleteRevisitInput,
  LogRevisitAttemptInput,
  ReassignRevisitInput,
} from './dto/revisit.input.js';
import { nextRevisitStatus, rolesFor, statusAfterAttempt, workPermission } from './revisit-lifecycle.js';
import { type RevisitRow, toRevisitObject } from './revisit-row.js';
import { RevisitSettingsService } from './revisit-settings.service.js';
import { RevisitType } from './revisit.enums.js';
import type { RevisitObject, SurveyAnswer } from './revisit.object.js';

/** Satisfaction at or below this on a COMPLAINT revisit reopens the complaint (DESIGN section 6.1). */
export const REOPEN_SATISFACTION = 2;

const text = (value: string | undefined | null): string | null => value?.trim() || null;

/**
 * The revisit use cases. Each runs in one transaction that locks the revisit, checks the lifecycle
 * and who may act, writes the change and its `revisit.*` event.
 */
@Injectable()
export class RevisitsService {
  constructor(
    private readonly db: Database,
    private readonly events: EventLog,
    private readonly settings: RevisitSettingsService,
    private readonly complaints: ComplaintsService,
    private readonly complaintPolicies: ComplaintPolicyService,
    private readonly surveys: SurveyResponsesService,
  ) {}

  /** An attempt; the first moves PENDING → IN_PROGRESS, the last failed one makes it UNREACHABLE. */
  logAttempt(input: LogRevisitAttemptInput): Promise<RevisitObject> {
    const id = requireId(input.revisitId, 'Revisit id');
    const actor = RequestContext.actor();
    return this.db.transaction(async (tx) => {
      const row = await this.find(tx, id, true);
      const { claim } = workPermission(actor, { type: row.type, assigneeId: row.assignee_id });
      if (input.idempotencyKey) {
        // A retry answers the revisit as it is now, without a second attempt.
        const [logged]: Array<{ revisit_id: string }> = await tx.query(
          `SELECT revisit_id FROM revisit_attempts WHERE tenant_id = app_tenant_id() AND idempotency_key = $1`,
          [input.idempotencyKey],
        );
        if (logged?.revisit_id === id) return toRevisitObject(row);
        if (logged) throw badInput('This idempotency key was used for another revisit');
      }
      const { maxAttempts } = await this.settings.load(tx);
      const [past]: Array<{ failed: number; reached: boolean }> = await tx.query(
        `SELECT count(*) FILTER (WHERE NOT reached)::int AS failed, coalesce(bool_or(reached), false) AS reached
         FROM revisit_attempts WHERE tenant_id = app_tenant_id() AND revisit_id = $1`,
        [id],
      );
      const status = statusAfterAttempt({
        status: row.status,
        reached: input.reached,
        failedAttempts: past.failed + (input.reached ? 0 : 1),
        reachedBefore: past.reached,
        maxAttempts,
      });
      const number = row.attempts + 1;
      await tx.query(
        `INSERT INTO revisit_attempts (tenant_id, id, revisit_id, number, channel, reached, note, attempted_by, idempotency_key)
         VALUES (app_tenant_id(), $1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          newId(),
          id,
          number,
          input.channel,
          input.reached,
          text(input.note),
          actor.userId,
          input.idempotencyKey ?? null,
        ],
      );
      await tx.query(
        `UPDATE revisit_tasks SET attempts = $2, status = $3, started_at = coalesce(started_at, now()),
           last_attempt_at = now(), assignee_id = CASE WHEN $4 THEN $5::uuid ELSE assignee_id END, updated_at = now()
         WHERE tenant_id = app_tenant_id() AND id = $1`,
        [id, number, status, claim, actor.userId],
      );
      const fresh = await this.find(tx, id);
      await this.event(tx, 'revisit.attempted', fresh, {
        attempt: number,
        channel: input.channel,
        reached: input.reached,
      });
      if (status === RevisitStatus.UNREACHABLE) {
        await this.event(tx, 'revisit.unreachable', fresh, { attempts: number, maxAttempts });
      }
      return toRevisitObject(fresh);
    });
  }

  /**
   * The outcome, once an attempt reached the customer. A COMPLAINT revisit with satisfaction <= 2
   * reopens the complaint in the same transaction.
   */
  complete(input: CompleteRevisitInput): Promise<RevisitObject> {
    const id = requireId(input.revisitId, 'Revisit id');
    const actor = RequestContext.actor();
    const answers = (input.surveyAnswers ?? []).map((a): SurveyAnswer => ({
      question: a.question.trim(),
      answer: a.answer.trim(),
    }));
    if (answers.some((a) => !a.question)) throw badInput('Every survey answer needs its question');
    return this.db.transaction(async (tx) => {
      // The complaint is locked before the revisit, in the order the complaint desk locks them.
      const [peek]: Array<Pick<RevisitRow, 'type' | 'complaint_id'>> = await tx.query(
        `SELECT type, complaint_id FROM revisit_tasks WHERE tenant_id = app_tenant_id() AND id = $1`,
        [id],
      );
      if (!peek) throw notFound('Revisit');
      if (input.sendSurveyBy && peek.type !== RevisitType.COMPLAINT)
        throw badInput('Only a COMPLAINT revisit sends a survey when it is completed');
      const complaint =
        peek.type === RevisitType.COMPLAINT && peek.complaint_id
          ? await this.complaints.find(tx, peek.complaint_id, true)
          : null;
      const row = await this.find(tx, id, true);
      const { claim } = workPermission(actor, { type: row.type, assigneeId: row.assignee_id });
      const status = nextRevisitStatus(row.status, 'complete');
      const [reached] = await tx.query(
        `SELECT 1 FROM revisit_attempts WHERE tenant_id = app_tenant_id() AND revisit_id = $1 AND reached LIMIT 1`,
        [id],
      );
      if (!reached) {
        throw new DomainError(
          ErrorCode.INVALID_TRANSITION,
          'Log an attempt that reached the customer before completing the revisit',
        );
      }
      await tx.query(
        `UPDATE revisit_tasks SET status = $2, satisfaction = $3, survey_answers = $4::jsonb, notes = $5, follow_up = $6,
           completed_at = now(), completed_by = $7, assignee_id = CASE WHEN $8 THEN $7::uuid ELSE assignee_id END,
           updated_at = now()
         WHERE tenant_id = app_tenant_id() AND id = $1`,
        [
          id,
          status,
          input.satisfaction,
          JSON.stringify(answers),
          text(input.notes),
          text(input.followUp),
          actor.userId,
          claim,
        ],
      );
      const fresh = await this.find(tx, id);
      const reopens =
        complaint !== null &&
        input.satisfaction <= REOPEN_SATISFACTION &&
        [ComplaintState.RESOLVED, ComplaintState.CLOSED].includes(complaint.state);
      await this.event(tx, 'revisit.completed', fresh, {
        satisfaction: input.satisfaction,
        reopensComplaint: reopens,
      });
      if (reopens && complaint) {
        const state = nextState(complaint.state, 'reopen', 'SYSTEM');
        const policy = await this.complaintPolicies.load(tx);
        await this.complaints.reopenInTransaction(
          tx,
          complaint,
          policy,
          `Revisit satisfaction ${input.satisfaction}/5`,
        );
        await tx.query(
          `UPDATE complaints SET state = $2, updated_at = now() WHERE tenant_id = app_tenant_id() AND id = $1`,
          [complaint.id, state],
        );
        await this.complaints.event(tx, 'complaint.reopened', await this.complaints.find(tx, complaint.id), {
          reason: 'low_satisfaction',
          revisitId: id,
          satisfaction: input.satisfaction,
        });
      }
      // The survey link goes out with the completion, or neither does.
      const surveyInvitation = input.sendSurveyBy
        ? await this.surveys.invite(tx, { revisitId: id, sendBy: input.sendSurveyBy })
        : null;
      return { ...toRevisitObject(fresh), surveyInvitation };
    });
  }

  cancel(input: CancelRevisitInput): Promise<RevisitObject> {
    const id = requireId(input.revisitId, 'Revisit id');
    const reason = input.reason.trim();
    if (!reason) throw badInput('Cancelling needs a reason');
    return this.db.transaction(async (tx) => {
      const row = await this.find(tx, id, true);
      const status = nextRevisitStatus(row.status, 'cancel');
      await tx.query(
        `UPDATE revisit_tasks SET status = $2, cancel_reason = $3, updated_at = now() WHERE tenant_id = app_tenant_id() AND id = $1`,
        [id, status, reason],
      );
      const fresh = await this.find(tx, id);
      await this.event(tx, 'revisit.cancelled', fresh);
      return toRevisitObject(fresh);
    });
  }

  /** To an active user whose role does this type of revisit. */
  reassign(input: ReassignRevisitInput): Promise<RevisitObject> {
    const id = requireId(input.revisitId, 'Revisit id');
    const assigneeId = requireId(input.assigneeId, 'Assignee id');
    return this.db.transaction(async (tx) => {
      const row = await this.find(tx, id, true);
      nextRevisitStatus(row.status, 'reassign');
      const [user]: Array<{ role: string; active: boolean }> = await tx.query(
        `SELECT role, active FROM users WHERE tenant_id = app_tenant_id() AND id = $1`,
        [assigneeId],
      );
      if (!user) throw notFound('User');
      const roles: readonly string[] = rolesFor(row.type);
      if (!user.active || !roles.includes(user.role)) {
        throw badInput(`A ${row.type} revisit goes to an active ${roles.join(', ')}`);
      }
      await tx.query(
        `UPDATE revisit_tasks SET assignee_id = $2, updated_at = now() WHERE tenant_id = app_tenant_id() AND id = $1`,
        [id, assigneeId],
      );
      const fresh = await this.find(tx, id);
      await this.event(tx, 'revisit.reassigned', fresh, { previousAssigneeId: row.assignee_id });
      return toRevisitObject(fresh);
    });
  }

  async find(tx: EntityManager, id: string, lock = false): Promise<RevisitRow> {
    const [row] = await tx.query(
      `SELECT * FROM revisit_tasks WHERE tenant_id = app_tenant_id() AND id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    if (!row) throw notFound('Revisit');
    return row;
  }

  /** Events carry ids, states and summary fields only. */
  private async event(
    tx: EntityManager,
    type: string,
    row: RevisitRow,
    data: Record<string, unknown> = {},
  ): Promise<void> {
    await this.events.append(tx, {
      type,
      entity: { kind: 'revisit', id: row.id },
      data: {
        type: row.type,
        status: row.status,
        assigneeId: row.assignee_id,
        complaintId: row.complaint_id,
        workOrderId: row.work_order_id,
        zoneId: row.zone_id,
        dueAt: row.due_at,
        ...data,
      },
    });
  }
}
