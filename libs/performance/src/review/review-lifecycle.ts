import { DomainError, ErrorCode, Role } from '@service-desk/core';

/** DRAFT → SUBMITTED → CALIBRATED → PUBLISHED → ACKNOWLEDGED (DESIGN section 6.6). */
export enum ScorecardState {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  CALIBRATED = 'CALIBRATED',
  PUBLISHED = 'PUBLISHED',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
}

export type ReviewAction = 'submit' | 'calibrate' | 'publish' | 'acknowledge';

interface Rule {
  from: readonly ScorecardState[];
  to: ScorecardState;
  by: readonly Role[];
  /** Only the person the card is about. */
  subjectOnly?: boolean;
  /** Never the person the card is about. */
  notSubject?: boolean;
}

const S = ScorecardState;

/** Every allowed move and who may make it; anything else is INVALID_TRANSITION (or FORBIDDEN). */
export const REVIEW_LIFECYCLE: Record<ReviewAction, Rule> = {
  // A supervisor rates their team, not themselves; the owner submits anyone's.
  submit: { from: [S.DRAFT], to: S.SUBMITTED, by: [Role.SUPERVISOR, Role.OWNER], notSubject: true },
  // HR may calibrate again before publishing.
  calibrate: { from: [S.SUBMITTED, S.CALIBRATED], to: S.CALIBRATED, by: [Role.HR] },
  publish: { from: [S.SUBMITTED, S.CALIBRATED], to: S.PUBLISHED, by: [Role.HR] },
  acknowledge: {
    from: [S.PUBLISHED],
    to: S.ACKNOWLEDGED,
    by: [Role.AGENT, Role.FIELD_STAFF, Role.SUPERVISOR],
    subjectOnly: true,
  },
};

/** States a card is frozen in: recomputing a period never touches them. */
export const FROZEN_STATES: readonly ScorecardState[] = [
  S.SUBMITTED,
  S.CALIBRATED,
  S.PUBLISHED,
  S.ACKNOWLEDGED,
];

/** States in which the person the card is about may see it. */
export const VISIBLE_TO_STAFF: readonly ScorecardState[] = [S.PUBLISHED, S.ACKNOWLEDGED];

/** The state after `action`, or the error that refuses it. */
export function nextScorecardState(
  state: ScorecardState,
  action: ReviewAction,
  actor: { role: Role | 'SYSTEM'; userId: string | null },
  staffId: string,
): ScorecardState {
  const rule = REVIEW_LIFECYCLE[action];
  if (actor.role === 'SYSTEM' || !rule.by.includes(actor.role)) {
    throw new DomainError(ErrorCode.FORBIDDEN, `A ${actor.role} may not ${action} a scorecard`);
  }
  if (rule.subjectOnly && actor.userId !== staffId) {
    throw new DomainError(ErrorCode.FORBIDDEN, `Only the person reviewed may ${action} this scorecard`);
  }
  if (rule.notSubject && actor.userId === staffId) {
    throw new DomainError(ErrorCode.FORBIDDEN, `Nobody may ${action} their own scorecard`);
  }
  if (!rule.from.includes(state)) {
    throw new DomainError(ErrorCode.INVALID_TRANSITION, `Cannot ${action} a scorecard that is ${state}`, {
      state,
      action,
    });
  }
  return rule.to;
}
