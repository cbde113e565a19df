import { DomainError, ErrorCode, Role } from '@service-desk/core';

/** 派工 → 接单 → 到场 → 完工 → 消单 (DESIGN section 6.2). */
export enum WorkOrderState {
  OPEN = 'OPEN',
  ASSIGNED = 'ASSIGNED',
  ACCEPTED = 'ACCEPTED',
  IN_PROGRESS = 'IN_PROGRESS',
  DONE = 'DONE',
  CLOSED = 'CLOSED',
  CANCELLED = 'CANCELLED',
}

export type WorkOrderAction =
  'assign' | 'accept' | 'claim' | 'decline' | 'start' | 'complete' | 'close' | 'cancel';
export type DispatchActor = Role | 'SYSTEM';

interface Rule {
  from: readonly WorkOrderState[];
  to: WorkOrderState;
  by: readonly DispatchActor[];
  /** Only the assigned field staff member may do it. */
  assigneeOnly?: boolean;
}

const W = WorkOrderState;
const FRONT_DESK: readonly DispatchActor[] = [Role.OWNER, Role.SUPERVISOR, Role.AGENT];

/** Every allowed move and who may make it; anything else is INVALID_TRANSITION (or FORBIDDEN). */
export const WORK_ORDER_LIFECYCLE: Record<WorkOrderAction, Rule> = {
  assign: { from: [W.OPEN, W.ASSIGNED], to: W.ASSIGNED, by: [...FRONT_DESK, 'SYSTEM'] },
  accept: { from: [W.ASSIGNED], to: W.ACCEPTED, by: [Role.FIELD_STAFF], assigneeOnly: true },
  // Field staff may take an unassigned order themselves (抢单); of concurrent claims one wins.
  claim: { from: [W.OPEN], to: W.ACCEPTED, by: [Role.FIELD_STAFF] },
  decline: { from: [W.ASSIGNED], to: W.OPEN, by: [Role.FIELD_STAFF], assigneeOnly: true },
  start: { from: [W.ACCEPTED], to: W.IN_PROGRESS, by: [Role.FIELD_STAFF], assigneeOnly: true },
  complete: { from: [W.IN_PROGRESS], to: W.DONE, by: [Role.FIELD_STAFF], assigneeOnly: true },
  close: { from: [W.DONE], to: W.CLOSED, by: FRONT_DESK },
  cancel: { from: [W.OPEN, W.ASSIGNED, W.ACCEPTED, W.IN_PROGRESS], to: W.CANCELLED, by: FRONT_DESK },
};

/** The state after `action`, or the error that refuses it. */
export function nextWorkOrderState(
  state: WorkOrderState,
  action: WorkOrderAction,
  actor: { role: DispatchActor; userId: string | null },
  assigneeId: string | null,
): WorkOrderState {
  const rule = WORK_ORDER_LIFECYCLE[action];
  if (!rule.by.includes(actor.role)) {
    throw new DomainError(ErrorCode.FORBIDDEN, `A ${actor.role} may not ${action} a work order`);
  }
  if (rule.assigneeOnly && assigneeId !== actor.userId && rule.from.includes(state)) {
    throw new DomainError(
      ErrorCode.FORBIDDEN,
      `Only the assigned staff member may ${action} this work order`,
    );
  }
  if (!rule.from.includes(state)) {
    // A second accept of an order that has just been taken lost a race: that is a conflict.
    if ((action === 'accept' || action === 'claim') && state !== W.OPEN && state !== W.CANCELLED) {
      throw new DomainError(ErrorCode.CONFLICT, 'The work order was already taken');
    }
    throw new DomainError(ErrorCode.INVALID_TRANSITION, `Cannot ${action} a work order that is ${state}`, {
      state,
      action,
    });
  }
  return rule.to;
}

/** Orders that count against a person's capacity. */
export const ACTIVE_STATES: readonly WorkOrderState[] = [W.ASSIGNED, W.ACCEPTED, W.IN_PROGRESS];

export interface DispatchCandidate {
  userId: string;
  /** Orders the person holds in ASSIGNED, ACCEPTED or IN_PROGRESS. */
  openCount: number;
  /** When the person was last given an order; null when never. */
  lastAssignedAt: Date | null;
}

/**
 * Auto-dispatch choice (DESIGN 6.2): among the on-shift staff of the zone below the per-person cap,
 * the fewest open orders; ties go to the least recently assigned (never assigned first), then by id.
 */
export function pickAssignee(candidates: DispatchCandidate[], cap: number): string | null {
  const eligible = candidates.filter((c) => c.openCount < cap);
  eligible.sort(
    (a, b) =>
      a.openCount - b.openCount ||
      (a.lastAssignedAt?.getTime() ?? -Infinity) - (b.lastAssignedAt?.getTime() ?? -Infinity) ||
      a.userId.localeCompare(b.userId),
  );
  return eligible[0]?.userId ?? null;
}
