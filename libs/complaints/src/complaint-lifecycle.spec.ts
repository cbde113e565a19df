import { describe, expect, it } from '@jest/globals';
import { DomainError, Role } from '@service-desk/core';
import { type ComplaintAction, ComplaintState, LIFECYCLE, nextState } from './complaint-lifecycle.js';

const S = ComplaintState;
const ALLOWED: Array<[ComplaintState, ComplaintAction, ComplaintState]> = [
  [S.RECEIVED, 'acknowledge', S.ACKNOWLEDGED],
  [S.ACKNOWLEDGED, 'startInvestigation', S.INVESTIGATING],
  [S.INVESTIGATING, 'requestCustomerInfo', S.AWAITING_CUSTOMER],
  [S.AWAITING_CUSTOMER, 'recordCustomerReply', S.INVESTIGATING],
  [S.INVESTIGATING, 'propose', S.PROPOSED],
  [S.PROPOSED, 'rejectProposal', S.INVESTIGATING],
  [S.PROPOSED, 'acceptProposal', S.PROPOSED],
  [S.PROPOSED, 'resolve', S.RESOLVED],
  [S.RESOLVED, 'close', S.CLOSED],
  [S.RESOLVED, 'reopen', S.INVESTIGATING],
  [S.CLOSED, 'reopen', S.INVESTIGATING],
  [S.CLOSED, 'evaluate', S.CLOSED],
  ...[S.RECEIVED, S.ACKNOWLEDGED, S.INVESTIGATING, S.AWAITING_CUSTOMER].map(
    (s) => [s, 'assess', s] as [ComplaintState, ComplaintAction, ComplaintState],
  ),
  ...[S.RECEIVED, S.ACKNOWLEDGED, S.INVESTIGATING, S.AWAITING_CUSTOMER, S.PROPOSED].map(
    (s) => [s, 'escalate', s] as [ComplaintState, ComplaintAction, ComplaintState],
  ),
];

const actorFor = (action: ComplaintAction) =>
  action === 'forceClose' ? Role.OWNER : action === 'evaluate' ? Role.SUPERVISOR : Role.AGENT;

describe('complaint lifecycle', () => {
  it.each(ALLOWED)('allows %s --%s--> %s', (from, action, to) => {
    expect(nextState(from, action, actorFor(action))).toBe(to);
  });

  it('refuses every other move with INVALID_TRANSITION', () => {
    const actions = Object.keys(LIFECYCLE) as ComplaintAction[];
    let refused = 0;
    for (const state of Object.values(S)) {
      for (const action of actions) {
        if (LIFECYCLE[action].from.includes(state)) continue;
        let error: unknown;
        try {
          nextState(state, action, actorFor(action));
        } catch (caught) {
          error = caught;
        }
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).code).toBe('INVALID_TRANSITION');
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(50);
  });

  it('lets only the owner force-close, and only supervisors and owners evaluate', () => {
    expect(() => nextState(S.RESOLVED, 'forceClose', Role.SUPERVISOR)).toThrow(/may not forceClose/);
    expect(nextState(S.RESOLVED, 'forceClose', Role.OWNER)).toBe(S.CLOSED);
    expect(() => nextState(S.CLOSED, 'evaluate', Role.AGENT)).toThrow(DomainError);
  });

  it('keeps HR, field staff and HQ out of complaint handling', () => {
    for (const role of [Role.HR, Role.FIELD_STAFF, Role.HQ_ADMIN]) {
      expect(() => nextState(S.RECEIVED, 'acknowledge', role)).toThrow(/may not acknowledge/);
    }
  });

  it('lets the system escalate and reopen but not resolve', () => {
    expect(nextState(S.INVESTIGATING, 'escalate', 'SYSTEM')).toBe(S.INVESTIGATING);
    expect(nextState(S.CLOSED, 'reopen', 'SYSTEM')).toBe(S.INVESTIGATING);
    expect(() => nextState(S.PROPOSED, 'resolve', 'SYSTEM')).toThrow(DomainError);
  });
});
