import { ComplaintState } from './complaint-lifecycle.js';
import type { Category, Channel, SeverityLevel } from './complaint.enums.js';
import { type ComplaintObject, SlaStatus } from './complaint.object.js';

/** A complaints row as selected by `SELECT *`. */
export interface ComplaintRow {
  tenant_id: string;
  id: string;
  number: number;
  tracking_code: string;
  customer_id: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  channel: Channel;
  category: Category;
  subcategory: string | null;
  severity: SeverityLevel;
  title: string;
  description: string;
  state: ComplaintState;
  handler_id: string | null;
  escalation_level: number;
  received_at: Date;
  clock_started_at: Date;
  acknowledged_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  first_reply_due_at: Date;
  first_reply_warn_at: Date;
  resolution_due_at: Date | null;
  resolution_warn_at: Date | null;
  first_reply_warned_at: Date | null;
  first_reply_breached_at: Date | null;
  resolution_warned_at: Date | null;
  resolution_breached_at: Date | null;
  negotiation_rounds: number;
  reopen_count: number;
  resolution_summary: string | null;
  close_reason: string | null;
  force_closed: boolean;
  root_cause: string | null;
  preventive_action: string | null;
  in_case_library: boolean;
  evaluated_at: Date | null;
  updated_at: Date;
}

/** The deadline that matters in a state: the first reply until acknowledged, then the resolution. */
export function dueAtOf(
  row: Pick<ComplaintRow, 'state' | 'first_reply_due_at' | 'resolution_due_at'>,
): Date | null {
  if (row.state === ComplaintState.RECEIVED) return row.first_reply_due_at;
  if (row.state === ComplaintState.RESOLVED || row.state === ComplaintState.CLOSED) return null;
  return row.resolution_due_at;
}

export function slaStatusOf(row: ComplaintRow, now = new Date()): SlaStatus {
  if (row.state === ComplaintState.RESOLVED || row.state === ComplaintState.CLOSED) return SlaStatus.MET;
  if (row.state === ComplaintState.AWAITING_CUSTOMER) return SlaStatus.PAUSED;
  const [due, warn] =
    row.state === ComplaintState.RECEIVED
      ? [row.first_reply_due_at, row.first_reply_warn_at]
      : [row.resolution_due_at, row.resolution_warn_at];
  if (due && due <= now) return SlaStatus.BREACHED;
  if (warn && warn <= now) return SlaStatus.WARNING;
  return SlaStatus.ON_TRACK;
}

export function toComplaintObject(row: ComplaintRow): ComplaintObject {
  return {
    id: row.id,
    number: row.number,
    trackingCode: row.tracking_code,
    state: row.state,
    channel: row.channel,
    category: row.category,
    subcategory: row.subcategory,
    severity: row.severity,
    title: row.title,
    description: row.description,
    customerId: row.customer_id,
    contactName: row.contact_name,
    contactPhone: row.contact_phone,
    contactEmail: row.contact_email,
    handlerId: row.handler_id,
    escalationLevel: row.escalation_level,
    receivedAt: row.received_at,
    acknowledgedAt: row.acknowledged_at,
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
    firstReplyDueAt: row.first_reply_due_at,
    resolutionDueAt: row.resolution_due_at,
    dueAt: dueAtOf(row),
    slaStatus: slaStatusOf(row),
    negotiationRounds: row.negotiation_rounds,
    reopenCount: row.reopen_count,
    resolutionSummary: row.resolution_summary,
    closeReason: row.close_reason,
    forceClosed: row.force_closed,
    rootCause: row.root_cause,
    preventiveAction: row.preventive_action,
    inCaseLibrary: row.in_case_library,
    evaluatedAt: row.evaluated_at,
    updatedAt: row.updated_at,
  };
}
