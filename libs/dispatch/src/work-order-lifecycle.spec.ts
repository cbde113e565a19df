import { describe, expect, it } from '@jest/globals';
import { DomainError, Role } from '@service-desk/core';
import {
  nextWorkOrderState,
  pickAssignee,
  WORK_ORDER_LIFECYCLE,
  type WorkOrderAction,
  WorkOrderState,
} from './work-order-lifecycle.js';

const W = WorkOrderState;
const me = 'field-1';
const actorFor = (action: WorkOrderAction) =>
  ['accept', 'claim', 'decline', 'start', 'complete'].includes(action)
    ? { role: Role.FIELD_STAFF, userId: me }
    : { role: Role.AGENT, userId: 'agent' };

const ALLOWED: Array<[WorkOrderState, WorkOrderAction, WorkOrderState]> = [
  [W.OPEN, 'assign', W.ASSIGNED],
  [W.ASSIGNED, 'assign', W.ASSIGNED],
  [W.ASSIGNED, 'accept', W.ACCEPTED],
  [W.OPEN, 'claim', W.ACCEPTED],
  [W.ASSIGNED, 'decline', W.OPEN],
  [W.ACCEPTED, 'start', W.IN_PROGRESS],
  [W.IN_PROGRESS, 'complete', W.DONE],
  [W.DONE, 'close', W.CLOSED],
  [W.OPEN, 'cancel', W.CANCELLED],
  [W.ASSIGNED, 'cancel', W.CANCELLED],
  [W.ACCEPTED, 'cancel', W.CANCELLED],
  [W.IN_PROGRESS, 'cancel', W.CANCELLED],
];

describe('work order lifecycle', () => {
  it.each(ALLOWED)('allows %s --%s--> %s', (from, action, to) => {
    expect(nextWorkOrderState(from, action, actorFor(action), me)).toBe(to);
  });

  it('refuses every other move (INVALID_TRANSITION, or CONFLICT for a lost accept race)', () => {
    let refused = 0;
    for (const state of Object.values(W)) {
      for (const action of Object.keys(WORK_ORDER_LIFECYCLE) as WorkOrderAction[]) {
        if (WORK_ORDER_LIFECYCLE[action].from.includes(state)) continue;
        let error: unknown;
        try {
          nextWorkOrderState(state, action, actorFor(action), me);
        } catch (caught) {
          error = caught;
        }
        expect(error).toBeInstanceOf(DomainError);
        const expected =
          (action === 'accept' || action === 'claim') && state !== W.OPEN && state !== W.CANCELLED
            ? 'CONFLICT'
            : 'INVALID_TRANSITION';
        expect((error as DomainError).code).toBe(expected);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(40);
  });

  it('lets only the assignee accept, decline, start and complete', () => {
    for (const action of ['accept', 'decline'] as const) {
      expect(() =>
        nextWorkOrderState(W.ASSIGNED, action, { role: Role.FIELD_STAFF, userId: 'someone-else' }, me),
      ).toThrow(/Only the assigned/);
    }
    expect(() =>
      nextWorkOrderState(W.ACCEPTED, 'start', { role: Role.FIELD_STAFF, userId: 'x' }, me),
    ).toThrow(/Only the assigned/);
  });

  it('keeps field staff out of dispatching and the front desk out of field work', () => {
    expect(() => nextWorkOrderState(W.OPEN, 'assign', { role: Role.FIELD_STAFF, userId: me }, null)).toThrow(
      /may not assign/,
    );
    expect(() =>
      nextWorkOrderState(W.ASSIGNED, 'accept', { role: Role.AGENT, userId: 'agent' }, 'agent'),
    ).toThrow(/may not accept/);
    expect(() => nextWorkOrderState(W.DONE, 'close', { role: Role.HR, userId: 'hr' }, null)).toThrow(
      DomainError,
    );
  });
});

describe('auto-dispatch choice', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 8, minute));

  it('picks the fewest open orders', () => {
    expect(
      pickAssignee(
        [
          { userId: 'a', openCount: 2, lastAssignedAt: at(1) },
          { userId: 'b', openCount: 1, lastAssignedAt: at(5) },
        ],
        5,
      ),
    ).toBe('b');
  });

  it('breaks ties by least recently assigned, never-assigned first, then id', () => {
    expect(
      pickAssignee(
        [
          { userId: 'a', openCount: 1, lastAssignedAt: at(9) },
          { userId: 'b', openCount: 1, lastAssignedAt: at(2) },
        ],
        5,
      ),
    ).toBe('b');
    expect(
      pickAssignee(
        [
          { userId: 'a', openCount: 0, lastAssignedAt: at(2) },
          { userId: 'b', openCount: 0, lastAssignedAt: null },
        ],
        5,
      ),
    ).toBe('b');
    expect(
      pickAssignee(
        [
          { userId: 'b', openCount: 0, lastAssignedAt: null },
          { userId: 'a', openCount: 0, lastAssignedAt: null },
        ],
        5,
      ),
    ).toBe('a');
  });

  it('respects the per-person cap and returns null when nobody fits', () => {
    expect(
      pickAssignee(
        [
          { userId: 'a', openCount: 3, lastAssignedAt: null },
          { userId: 'b', openCount: 2, lastAssignedAt: null },
        ],
        3,
      ),
    ).toBe('b');
    expect(pickAssignee([{ userId: 'a', openCount: 3, lastAssignedAt: null }], 3)).toBeNull();
    expect(pickAssignee([], 3)).toBeNull();
  });
});
