import { RevisitStatus } from '@service-desk/complaints';
import { DomainError, ErrorCode, Role } from '@service-desk/core';
import { RevisitType } from './revisit.enums.js';

/** PENDING → IN_PROGRESS → COMPLETED | UNREACHABLE | CANCELLED (DESIGN section 6.3). */
export type RevisitAction = 'attempt' | 'complete' | 'markUnreachable' | 'cancel' | 'reassign';

interface Rule {
  from: readonly RevisitStatus[];
  /** The status after the action; undefined keeps it. */
  to?: RevisitStatus;
}

const S = RevisitStatus;
const OPEN: readonly RevisitStatus[] = [S.PENDING, S.IN_PROGRESS];

/** Every allowed move; anything else is INVALID_TRANSITION. */
export const REVISIT_LIFECYCLE: Record<RevisitAction, Rule> = {
  // The first attempt starts the work; later ones keep it in progress.
  attempt: { from: OPEN, to: S.IN_PROGRESS },
  // Satisfaction is recorded only after the customer was reached, so only from IN_PROGRESS.
  complete: { from: [S.IN_PROGRESS], to: S.COMPLETED },
  markUnreachable: { from: [S.IN_PROGRESS], to: S.UNREACHABLE },
  cancel: { from: OPEN, to: S.CANCELLED },
  reassign: { from: OPEN },
};

export const OPEN_REVISIT_STATUSES = OPEN;
export const FINAL_REVISIT_STATUSES: readonly RevisitStatus[] = [S.COMPLETED, S.UNREACHABLE, S.CANCELLED];

/** The status after `action`, or INVALID_TRANSITION. */
export function nextRevisitStatus(status: RevisitStatus, action: RevisitAction): RevisitStatus {
  const rule = REVISIT_LIFECYCLE[action];
  if (!rule.from.includes(status)) {
    throw new DomainError(ErrorCode.INVALID_TRANSITION, `Cannot ${action} a revisit that is ${status}`, {
      status,
      action,
      allowedFrom: rule.from,
    });
  }
  return rule.to ?? status;
}

/**
 * The status after logging an attempt: IN_PROGRESS, or UNREACHABLE once `maxAttempts` attempts failed
 * to reach the customer (and none reached them).
 */
export function statusAfterAttempt(input: {
  status: RevisitStatus;
  reached: boolean;
  /** Failed attempts including this one. */
  failedAttempts: number;
  /** Whether an earlier attempt reached the customer. */
  reachedBefore: boolean;
  maxAttempts: number;
}): RevisitStatus {
  const status = nextRevisitStatus(input.status, 'attempt');
  if (!input.reached && !input.reachedBefore && input.failedAttempts >= input.maxAttempts) {
    return nextRevisitStatus(status, 'markUnreachable');
  }
  return status;
}

/** Roles that do revisits at all (DESIGN section 4). */
export const REVISIT_ROLES: readonly Role[] = [Role.OWNER, Role.SUPERVISOR, Role.AGENT];
/** Roles that manage revisits: cancel, reassign, settings, and do SUPERVISORY ones. */
export const REVISIT_MANAGERS: readonly Role[] = [Role.OWNER, Role.SUPERVISOR];

/** Roles that may hold a revisit of this type. */
export function rolesFor(type: RevisitType): readonly Role[] {
  return type === RevisitType.SUPERVISORY ? REVISIT_MANAGERS : REVISIT_ROLES;
}

/**
 * Whether the actor may work (attempt, complete) the revisit, and whether doing so claims it.
 * SUPERVISORY revisits are for supervisors and the owner only. An agent works revisits assigned to
 * them or unassigned ones (which they then claim); supervisors and the owner may work any revisit,
 * claiming it only when it has no assignee.
 */
export function workPermission(
  actor: { role: Role | 'SYSTEM'; userId: string | null },
  task: { type: RevisitType; assigneeId: string | null },
): { claim: boolean } {
  if (actor.role === 'SYSTEM' || !actor.userId || !rolesFor(task.type).includes(actor.role)) {
    throw new DomainError(
      ErrorCode.FORBIDDEN,
      task.type === RevisitType.SUPERVISORY
        ? 'SUPERVISORY revisits are done by supervisors or the owner'
        : `A ${actor.role} may not work revisits`,
    );
  }
  if (actor.role === Role.AGENT && task.assigneeId && task.assigneeId !== actor.userId) {
    throw new DomainError(ErrorCode.FORBIDDEN, 'This revisit is assigned to someone else');
  }
  return { claim: task.assigneeId === null };
}
