import { DomainError, ErrorCode, Role } from '@service-desk/core';

/** 受理 → 告知 → 调查 ⇄ 等待顾客 → 处理方案 → 解决 → 终止 (DESIGN section 6.1). */
export enum ComplaintState {
  RECEIVED = 'RECEIVED',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  INVESTIGATING = 'INVESTIGATING',
  AWAITING_CUSTOMER = 'AWAITING_CUSTOMER',
  PROPOSED = 'PROPOSED',
  RESOLVED = 'RESOLVED',
  CLOSED = 'CLOSED',
}

export type ComplaintAction =
  | 'acknowledge'
  | 'assess'
  | 'startInvestigation'
  | 'requestCustomerInfo'
  | 'recordCustomerReply'
  | 'recordCustomerMessage'
  | 'escalate'
  | 'propose'
  | 'acceptProposal'
  | 'rejectProposal'
  | 'resolve'
  | 'close'
  | 'forceClose'
  | 'reopen'
  | 'evaluate'
  | 'addNote';

export type Actor = Role | 'SYSTEM';

interface Rule {
  from: readonly ComplaintState[];
  /** The state after the action; undefined keeps the state. */
  to?: ComplaintState;
  by: readonly Actor[];
}

const S = ComplaintState;
const FRONT_DESK: readonly Actor[] = [Role.OWNER, Role.SUPERVISOR, Role.AGENT];
const OPEN: readonly ComplaintState[] = [
  S.RECEIVED,
  S.ACKNOWLEDGED,
  S.INVESTIGATING,
  S.AWAITING_CUSTOMER,
  S.PROPOSED,
];

/** Every allowed move and who may make it; anything else is INVALID_TRANSITION (or FORBIDDEN). */
export const LIFECYCLE: Record<ComplaintAction, Rule> = {
  acknowledge: { from: [S.RECEIVED], to: S.ACKNOWLEDGED, by: FRONT_DESK },
  assess: { from: [S.RECEIVED, S.ACKNOWLEDGED, S.INVESTIGATING, S.AWAITING_CUSTOMER], by: FRONT_DESK },
  startInvestigation: { from: [S.ACKNOWLEDGED], to: S.INVESTIGATING, by: FRONT_DESK },
  requestCustomerInfo: { from: [S.INVESTIGATING], to: S.AWAITING_CUSTOMER, by: FRONT_DESK },
  recordCustomerReply: { from: [S.AWAITING_CUSTOMER], to: S.INVESTIGATING, by: [...FRONT_DESK, 'SYSTEM'] },
  // A customer's unsolicited message (e.g. an e-mail quoting the tracking code) is kept on the record.
  recordCustomerMessage: { from: Object.values(S), by: [...FRONT_DESK, 'SYSTEM'] },
  escalate: { from: OPEN, by: [...FRONT_DESK, 'SYSTEM'] },
  propose: { from: [S.INVESTIGATING], to: S.PROPOSED, by: FRONT_DESK },
  acceptProposal: { from: [S.PROPOSED], by: FRONT_DESK },
  rejectProposal: { from: [S.PROPOSED], to: S.INVESTIGATING, by: FRONT_DESK },
  resolve: { from: [S.PROPOSED], to: S.RESOLVED, by: FRONT_DESK },
  close: { from: [S.RESOLVED], to: S.CLOSED, by: FRONT_DESK },
  forceClose: { from: [S.RESOLVED], to: S.CLOSED, by: [Role.OWNER] },
  reopen: { from: [S.RESOLVED, S.CLOSED], to: S.INVESTIGATING, by: [...FRONT_DESK, 'SYSTEM'] },
  evaluate: { from: [S.CLOSED], by: [Role.OWNER, Role.SUPERVISOR] },
  addNote: { from: Object.values(S), by: FRONT_DESK },
};

/** The state after `action`, or the error that refuses it. */
export function nextState(state: ComplaintState, action: ComplaintAction, actor: Actor): ComplaintState {
  const rule = LIFECYCLE[action];
  if (!rule.by.includes(actor)) {
    throw new DomainError(ErrorCode.FORBIDDEN, `A ${actor} may not ${action} a complaint`);
  }
  if (!rule.from.includes(state)) {
    throw new DomainError(ErrorCode.INVALID_TRANSITION, `Cannot ${action} a complaint that is ${state}`, {
      state,
      action,
      allowedFrom: rule.from,
    });
  }
  return rule.to ?? state;
}

/** States in which the resolution clock runs (not paused, not finished). */
export const RESOLUTION_CLOCK_STATES: readonly ComplaintState[] = [
  S.RECEIVED,
  S.ACKNOWLEDGED,
  S.INVESTIGATING,
  S.PROPOSED,
];
export const OPEN_STATES = OPEN;
