import { describe, expect, it } from 'vitest';
import type { LiveEnvelope } from '@service-desk/live-client';
import {
  type BoardSnapshot,
  boardReducer,
  column,
  emptyBoard,
  loadOf,
  missingRange,
  slaLevel,
} from './board-state.js';

const snapshot: BoardSnapshot = {
  seq: 10,
  zones: [
    {
      zoneId: 'z1',
      name: 'Front',
      staff: [{ userId: 'u1', displayName: 'Li', online: false }],
      open: [{ id: 'w1', number: 1, state: 'OPEN', priority: 'P2', zoneId: 'z1', assigneeId: null }],
      assigned: [],
      accepted: [],
      inProgress: [],
      done: [],
    },
  ],
};

const event = (seq: number, type: string, id: string, data: Record<string, unknown>): LiveEnvelope => ({
  seq,
  type,
  at: new Date(0).toISOString(),
  entity: { kind: type.startsWith('presence') ? 'user' : 'workorder', id },
  data,
});

const created = (seq: number, id: string, number: number) =>
  event(seq, 'workorder.created', id, {
    number,
    state: 'OPEN',
    priority: 'P3',
    zoneId: 'z1',
    assigneeId: null,
  });
const assigned = (seq: number, id: string, number: number, assigneeId: string) =>
  event(seq, 'workorder.assigned', id, {
    number,
    state: 'ASSIGNED',
    priority: 'P3',
    zoneId: 'z1',
    assigneeId,
  });

const start = () => boardReducer(emptyBoard, { type: 'snapshot', board: snapshot });

describe('board reducer', () => {
  it('loads the snapshot into columns', () => {
    const state = start();
    expect(state.seq).toBe(10);
    expect(column(state, 'z1', 'OPEN').map((c) => c.id)).toEqual(['w1']);
    expect(state.staff.u1.zoneId).toBe('z1');
  });

  it('applies events in seq order and marks new cards fresh', () => {
    let state = start();
    state = boardReducer(state, { type: 'events', events: [created(11, 'w2', 2)] });
    state = boardReducer(state, { type: 'events', events: [assigned(12, 'w2', 2, 'u1')] });
    expect(state.seq).toBe(12);
    expect(column(state, 'z1', 'ASSIGNED').map((c) => c.id)).toEqual(['w2']);
    expect(state.cards.w2.fresh).toBe(true);
    expect(loadOf(state, 'u1')).toBe(1);
  });

  it('holds events after a gap until the missing ones arrive, then applies all in order', () => {
    let state = start();
    state = boardReducer(state, { type: 'events', events: [assigned(13, 'w2', 2, 'u1')] });
    expect(state.seq).toBe(10);
    expect(state.cards.w2).toBeUndefined();
    expect(missingRange(state)).toEqual({ from: 11, to: 12 });

    // The gap is fetched (events since 10): the assignment must not be overtaken by the creation.
    state = boardReducer(state, {
      type: 'events',
      events: [created(11, 'w2', 2), event(12, 'workorder.queued', 'w1', { state: 'OPEN', zoneId: 'z1' })],
    });
    expect(missingRange(state)).toBeNull();
    expect(state.seq).toBe(13);
    expect(state.cards.w2.state).toBe('ASSIGNED');
    expect(state.cards.w2.assigneeId).toBe('u1');
  });

  it('ignores duplicates and events the snapshot already contains', () => {
    let state = start();
    state = boardReducer(state, { type: 'events', events: [created(11, 'w2', 2)] });
    const after = boardReducer(state, {
      type: 'events',
      events: [created(11, 'w2', 2), created(9, 'w9', 9)],
    });
    expect(after).toBe(state);
    expect(Object.keys(after.cards).sort()).toEqual(['w1', 'w2']);
  });

  it('drops closed and cancelled orders and tracks presence', () => {
    let state = start();
    state = boardReducer(state, {
      type: 'events',
      events: [
        event(11, 'workorder.cancelled', 'w1', { state: 'CANCELLED', zoneId: 'z1' }),
        event(12, 'presence.changed', 'u1', { userId: 'u1', online: true }),
      ],
    });
    expect(state.cards.w1).toBeUndefined();
    expect(state.staff.u1.online).toBe(true);
  });

  it('keeps later events across a new snapshot', () => {
    let state = start();
    state = boardReducer(state, { type: 'events', events: [created(12, 'w3', 3)] });
    state = boardReducer(state, { type: 'snapshot', board: { ...snapshot, seq: 11 } });
    expect(state.seq).toBe(12);
    expect(state.cards.w3.state).toBe('OPEN');
  });
});

describe('SLA colouring', () => {
  const from = '2026-01-01T00:00:00Z';
  const due = '2026-01-01T00:10:00Z';
  const at = (minutes: number) => Date.parse(from) + minutes * 60_000;
  it('is amber from 80 % of the time and red at the deadline', () => {
    expect(slaLevel(from, due, at(7.9))).toBe('ok');
    expect(slaLevel(from, due, at(8))).toBe('warning');
    expect(slaLevel(from, due, at(10))).toBe('breached');
  });
});
