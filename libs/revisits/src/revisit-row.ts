import type { RevisitStatus } from '@service-desk/complaints';
import type { RevisitChannel, RevisitType } from './revisit.enums.js';
import type { RevisitAttemptObject, RevisitObject, SurveyAnswer } from './revisit.object.js';

/** A revisit_tasks row as selected by `SELECT *`. */
export interface RevisitRow {
  tenant_id: string;
  id: string;
  type: RevisitType;
  customer_id: string | null;
  complaint_id: string | null;
  work_order_id: string | null;
  campaign_id: string | null;
  visit_id: string | null;
  zone_id: string | null;
  assignee_id: string | null;
  channel: RevisitChannel;
  status: RevisitStatus;
  due_at: Date;
  attempts: number;
  satisfaction: number | null;
  survey_answers: SurveyAnswer[] | null;
  notes: string | null;
  follow_up: string | null;
  cancel_reason: string | null;
  started_at: Date | null;
  completed_at: Date | null;
  completed_by: string | null;
  due_notified_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const OPEN = new Set<string>(['PENDING', 'IN_PROGRESS']);

export function toRevisitObject(row: RevisitRow, now = new Date()): RevisitObject {
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    channel: row.channel,
    customerId: row.customer_id,
    complaintId: row.complaint_id,
    workOrderId: row.work_order_id,
    campaignId: row.campaign_id,
    visitId: row.visit_id,
    zoneId: row.zone_id,
    assigneeId: row.assignee_id,
    dueAt: row.due_at,
    overdue: OPEN.has(row.status) && row.due_at.getTime() < now.getTime(),
    attempts: row.attempts,
    satisfaction: row.satisfaction,
    surveyAnswers: row.survey_answers ?? [],
    notes: row.notes,
    followUp: row.follow_up,
    cancelReason: row.cancel_reason,
    startedAt: row.started_at,
    completedAt: row.completed_at,
    completedById: row.completed_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface RevisitAttemptRow {
  id: string;
  revisit_id: string;
  number: number;
  channel: RevisitChannel;
  reached: boolean;
  note: string | null;
  attempted_by: string | null;
  at: Date;
}

export const toAttemptObject = (row: RevisitAttemptRow): RevisitAttemptObject => ({
  id: row.id,
  number: row.number,
  channel: row.channel,
  reached: row.reached,
  note: row.note,
  attemptedById: row.attempted_by,
  at: row.at,
});
