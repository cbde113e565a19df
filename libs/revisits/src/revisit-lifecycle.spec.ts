import { describe, expect, it } from '@jest/globals';
import { RevisitStatus } from '@service-desk/complaints';
import { DomainError, ErrorCode, Role } from '@service-desk/core';
import {
  nextRevisitStatus,
  REVISIT_LIFECYCLE,
  type RevisitAction,
  statusAfterAttempt,
  workPermission,
} from './revisit-lifecycle.js';
import { RevisitType } from './revisit.enums.js';

const S = RevisitStatus;
const ALLOWED: Array<[RevisitStatus, RevisitAction, RevisitStatus]> = [
  [S.PENDING, 'attempt', S.IN_PROGRESS],
  [S.IN_PROGRESS, 'attempt', S.IN_PROGRESS],
  [S.IN_PROGRESS, 'complete', S.COMPLETED],
  [S.IN_PROGRESS, 'markUnreachable', S.UNREACHABLE],
  [S.PENDING, 'cancel', S.CANCELLED],
  [S.IN_PROGRESS, 'cancel', S.CANCELLED],
  [S.PENDING, 'reassign', S.PENDING],
  [S.IN_PROGRESS, 'reassign', S.IN_PROGRESS],
];

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof DomainError ? error.code : 'NOT_A_DOMAIN_ERROR';
  }
};

describe('revisit lifecycle', () => {
  it.each(ALLOWED)('allows %s --%s--> %s', (from, action, to) => {
    expect(nextRevisitStatus(from, action)).toBe(to);
  });

  it('refuses every other move with INVALID_TRANSITION', () => {
    const forbidden: Array<[RevisitStatus, RevisitAction]> = [];
    for (const status of Object.values(S)) {
      for (const action of Object.keys(REVISIT_LIFECYCLE) as RevisitAction[]) {
        if (ALLOWED.some(([from, a]) => from === status && a === action)) continue;
        forbidden.push([status, action]);
        expect(codeOf(() => nextRevisitStatus(status, action))).toBe(ErrorCode.INVALID_TRANSITION);
      }
    }
    // 5 statuses × 5 actions, 8 allowed: the final states accept nothing, PENDING cannot complete.
    expect(forbidden).toHaveLength(17);
    expect(forbidden).toEqual(
      expect.arrayContaining([
        [S.PENDING, 'complete'],
        [S.PENDING, 'markUnreachable'],
        [S.COMPLETED, 'attempt'],
        [S.UNREACHABLE, 'complete'],
        [S.CANCELLED, 'reassign'],
      ]),
    );
  });

  describe('attempts', () => {
    const attempt = (over: Partial<Parameters<typeof statusAfterAttempt>[0]>) =>
      statusAfterAttempt({
        status: S.PENDING,
        reached: false,
        failedAttempts: 1,
        reachedBefore: false,
        maxAttempts: 3,
        ...over,
      });

    it('moves a pending revisit into progress on the first attempt', () => {
      expect(attempt({})).toBe(S.IN_PROGRESS);
      expect(attempt({ reached: true, failedAttempts: 0 })).toBe(S.IN_PROGRESS);
    });

    it('gives up as UNREACHABLE when the last allowed attempt fails', () => {
      expect(attempt({ status: S.IN_PROGRESS, failedAttempts: 2 })).toBe(S.IN_PROGRESS);
      expect(attempt({ status: S.IN_PROGRESS, failedAttempts: 3 })).toBe(S.UNREACHABLE);
      expect(attempt({ status: S.PENDING, failedAttempts: 1, maxAttempts: 1 })).toBe(S.UNREACHABLE);
    });

    it('never gives up on a customer who was reached', () => {
      expect(attempt({ status: S.IN_PROGRESS, failedAttempts: 3, reachedBefore: true })).toBe(S.IN_PROGRESS);
    });

    it('refuses attempts on finished revisits', () => {
      for (const status of [S.COMPLETED, S.UNREACHABLE, S.CANCELLED]) {
        expect(codeOf(() => attempt({ status }))).toBe(ErrorCode.INVALID_TRANSITION);
      }
    });
  });

  describe('who works a revisit', () => {
    const agent = { role: Role.AGENT, userId: 'agent-1' };
    it('lets an agent work their own or unassigned revisits, claiming unassigned ones', () => {
      expect(workPermission(agent, { type: RevisitType.COMPLAINT, assigneeId: 'agent-1' })).toEqual({
        claim: false,
      });
      expect(workPermission(agent, { type: RevisitType.AFTER_SALES, assigneeId: null })).toEqual({
        claim: true,
      });
    });

    it("refuses an agent someone else's revisit and every SUPERVISORY one", () => {
      expect(codeOf(() => workPermission(agent, { type: RevisitType.COMPLAINT, assigneeId: 'x' }))).toBe(
        ErrorCode.FORBIDDEN,
      );
      expect(
        codeOf(() => workPermission(agent, { type: RevisitType.SUPERVISORY, assigneeId: 'agent-1' })),
      ).toBe(ErrorCode.FORBIDDEN);
    });

    it('lets supervisors and the owner work any revisit, SUPERVISORY included', () => {
      for (const role of [Role.SUPERVISOR, Role.OWNER]) {
        expect(
          workPermission({ role, userId: 's' }, { type: RevisitType.SUPERVISORY, assigneeId: 'other' }),
        ).toEqual({ claim: false });
      }
    });

    it('refuses roles that do no revisits', () => {
      for (const role of [Role.HR, Role.FIELD_STAFF, Role.HQ_ADMIN]) {
        expect(
          codeOf(() =>
            workPermission({ role, userId: 'u' }, { type: RevisitType.COMPLAINT, assigneeId: null }),
          ),
        ).toBe(ErrorCode.FORBIDDEN);
      }
    });
  });
});
