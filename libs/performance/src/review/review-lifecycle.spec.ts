import { describe, expect, it } from '@jest/globals';
import { DomainError, Role } from '@service-desk/core';
import {
  nextScorecardState,
  REVIEW_LIFECYCLE,
  type ReviewAction,
  ScorecardState,
} from './review-lifecycle.js';

const S = ScorecardState;
const STAFF_ID = 'staff-1';
const as = (role: Role, userId = 'someone-else') => ({ role, userId });

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as DomainError).code;
  }
}

describe('review workflow', () => {
  it('walks DRAFT → SUBMITTED → CALIBRATED → PUBLISHED → ACKNOWLEDGED', () => {
    let state: ScorecardState = S.DRAFT;
    state = nextScorecardState(state, 'submit', as(Role.SUPERVISOR), STAFF_ID);
    expect(state).toBe(S.SUBMITTED);
    state = nextScorecardState(state, 'calibrate', as(Role.HR), STAFF_ID);
    expect(state).toBe(S.CALIBRATED);
    state = nextScorecardState(state, 'calibrate', as(Role.HR), STAFF_ID);
    expect(state).toBe(S.CALIBRATED);
    state = nextScorecardState(state, 'publish', as(Role.HR), STAFF_ID);
    expect(state).toBe(S.PUBLISHED);
    state = nextScorecardState(state, 'acknowledge', as(Role.AGENT, STAFF_ID), STAFF_ID);
    expect(state).toBe(S.ACKNOWLEDGED);
  });

  it('publishes a submitted card without calibration', () => {
    expect(nextScorecardState(S.SUBMITTED, 'publish', as(Role.HR), STAFF_ID)).toBe(S.PUBLISHED);
  });

  it('refuses every other move with INVALID_TRANSITION', () => {
    for (const action of Object.keys(REVIEW_LIFECYCLE) as ReviewAction[]) {
      const rule = REVIEW_LIFECYCLE[action];
      const actor = as(rule.by[0], rule.subjectOnly ? STAFF_ID : 'someone-else');
      for (const state of Object.values(S)) {
        const code = codeOf(() => nextScorecardState(state, action, actor, STAFF_ID));
        expect([action, state, code]).toEqual([
          action,
          state,
          rule.from.includes(state) ? undefined : 'INVALID_TRANSITION',
        ]);
      }
    }
  });

  it('lets only the named roles act (FORBIDDEN otherwise)', () => {
    expect(codeOf(() => nextScorecardState(S.DRAFT, 'submit', as(Role.AGENT), STAFF_ID))).toBe('FORBIDDEN');
    expect(codeOf(() => nextScorecardState(S.DRAFT, 'submit', as(Role.HR), STAFF_ID))).toBe('FORBIDDEN');
    expect(codeOf(() => nextScorecardState(S.SUBMITTED, 'calibrate', as(Role.OWNER), STAFF_ID))).toBe(
      'FORBIDDEN',
    );
    expect(codeOf(() => nextScorecardState(S.SUBMITTED, 'calibrate', as(Role.SUPERVISOR), STAFF_ID))).toBe(
      'FORBIDDEN',
    );
    expect(codeOf(() => nextScorecardState(S.CALIBRATED, 'publish', as(Role.OWNER), STAFF_ID))).toBe(
      'FORBIDDEN',
    );
    expect(
      codeOf(() => nextScorecardState(S.DRAFT, 'submit', { role: 'SYSTEM', userId: null }, STAFF_ID)),
    ).toBe('FORBIDDEN');
  });

  it('lets only the employee acknowledge, and nobody submit their own card', () => {
    expect(codeOf(() => nextScorecardState(S.PUBLISHED, 'acknowledge', as(Role.AGENT), STAFF_ID))).toBe(
      'FORBIDDEN',
    );
    expect(
      codeOf(() => nextScorecardState(S.PUBLISHED, 'acknowledge', as(Role.HR, STAFF_ID), STAFF_ID)),
    ).toBe('FORBIDDEN');
    expect(codeOf(() => nextScorecardState(S.DRAFT, 'submit', as(Role.SUPERVISOR, STAFF_ID), STAFF_ID))).toBe(
      'FORBIDDEN',
    );
  });
});
