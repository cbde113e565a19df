import type { LiveEnvelope } from '@service-desk/live-client';

/** The live dispatch board as data: a snapshot (`dispatchBoard`) moved forward by events, in seq order. */
export type WorkOrderState =
  'OPEN' | 'ASSIGNED' | 'ACCEPTED' | 'IN_PROGRESS' | 'DONE' | 'CLOSED' | 'CANCELLED';
export type Priority = 'P1' | 'P2' | 'P3' | 'P4';

/** The columns of a zone, left to right. */
export const BOARD_COLUMNS = ['OPEN', 'ASSIGNED', 'ACCEPTED', 'IN_PROGRESS', 'DONE'] as const;
export type BoardColumn = (typeof BOARD_COLUMNS)[number];

export interface BoardCard {
  id: string;
  number: number;
  state: WorkOrderState;
  priority: Priority;
  zoneId: string;
  assigneeId: string | null;
  complaintId?: string | null;
  description?: string;
  location?: string;
  createdAt?: string;
  acceptDueAt?: string;
  onsiteDueAt?: string;
  /** Arrived through the live feed (animates in). */
  fresh?: boolean;
}

export interface BoardPerson {
  userId: string;
  displayName: string;
  online: boolean;
  zoneId: string;
}

export interface BoardZoneInfo {
  zoneId: string;
  name: string;
}

export interface BoardState {
  /** Every event up to this seq has been applied. */
  seq: number;
  zones: BoardZoneInfo[];
  cards: Record<string, BoardCard>;
  staff: Record<string, BoardPerson>;
  /** Events that arrived ahead of a missing one, by seq. */
  pending: Record<number, LiveEnvelope>;
}

/** The `dispatchBoard` query's answer (the fields the board uses). */
export interface BoardSnapshot {
  seq: number;
  zones: Array<{
    zoneId: string;
    name: string;
    staff: Array<{ userId: string; displayName: string; online: boolean }>;
    open: SnapshotOrder[];
    assigned: SnapshotOrder[];
    accepted: SnapshotOrder[];
    inProgress: SnapshotOrder[];
    done: SnapshotOrder[];
  }>;
}

export type SnapshotOrder = Omit<BoardCard, 'fresh'>;

export type BoardAction =
  | { type: 'snapshot'; board: BoardSnapshot }
  | { type: 'events'; events: readonly LiveEnvelope[] }
  | { type: 'details'; order: SnapshotOrder };

export const emptyBoard: BoardState = { seq: 0, zones: [], cards: {}, staff: {}, pending: {} };

export function boardReducer(state: BoardState, action: BoardAction): BoardState {
  switch (action.type) {
    case 'snapshot':
      return fromSnapshot(action.board, state);
    case 'events':
      return receive(state, action.events);
    case 'details': {
      const existing = state.cards[action.order.id];
      if (!existing) return state;
      // The event log is newer than a details fetch for the fields both carry.
      const card: BoardCard = {
        ...existing,
        ...action.order,
        state: existing.state,
        assigneeId: existing.assigneeId,
        zoneId: existing.zoneId,
      };
      return { ...state, cards: { ...state.cards, [card.id]: card } };
    }
  }
}

function fromSnapshot(board: BoardSnapshot, previous: BoardState): BoardState {
  const cards: Record<string, BoardCard> = {};
  const staff: Record<string, BoardPerson> = {};
  for (const zone of board.zones) {
    for (const order of [
      ...zone.open,
      ...zone.assigned,
      ...zone.accepted,
      ...zone.inProgress,
      ...zone.done,
    ]) {
      cards[order.id] = { ...order };
    }
    for (const person of zone.staff) staff[person.userId] = { ...person, zoneId: zone.zoneId };
  }
  // Events already received beyond the snapshot still apply.
  const pending: Record<number, LiveEnvelope> = {};
  for (const [seq, envelope] of Object.entries(previous.pending)) {
    if (Number(seq) > board.seq) pending[Number(seq)] = envelope;
  }
  return drain({
    seq: board.seq,
    zones: board.zones.map(({ zoneId, name }) => ({ zoneId, name })),
    cards,
    staff,
    pending,
  });
}

/** Takes events in any order: older or repeated ones are ignored, later ones wait for the gap to fill. */
function receive(state: BoardState, events: readonly LiveEnvelope[]): BoardState {
  let pending = state.pending;
  for (const envelope of events) {
    if (envelope.seq <= state.seq || pending[envelope.seq]) continue;
    pending = { ...pending, [envelope.seq]: envelope };
  }
  return pending === state.pending ? state : drain({ ...state, pending });
}

function drain(state: BoardState): BoardState {
  let next = state;
  for (let envelope = next.pending[next.seq + 1]; envelope; envelope = next.pending[next.seq + 1]) {
    const { [envelope.seq]: _applied, ...rest } = next.pending;
    next = { ...apply(next, envelope), seq: envelope.seq, pending: rest };
  }
  return next;
}

const GONE: readonly WorkOrderState[] = ['CLOSED', 'CANCELLED'];

/** One event's effect on the board. */
export function apply(state: BoardState, envelope: LiveEnvelope): BoardState {
  const data = envelope.data as Record<string, unknown>;
  if (envelope.entity.kind === 'workorder' && envelope.type.startsWith('workorder.')) {
    const id = envelope.entity.id;
    const existing = state.cards[id];
    const orderState = (data.state as WorkOrderState | undefined) ?? existing?.state;
    if (!orderState || GONE.includes(orderState)) {
      if (!existing) return state;
      const { [id]: _gone, ...cards } = state.cards;
      return { ...state, cards };
    }
    const card: BoardCard = {
      ...existing,
      id,
      number: (data.number as number | undefined) ?? existing?.number ?? 0,
      state: orderState,
      priority: (data.priority as Priority | undefined) ?? existing?.priority ?? 'P3',
      zoneId: (data.zoneId as string | undefined) ?? existing?.zoneId ?? '',
      assigneeId:
        data.assigneeId === undefined ? (existing?.assigneeId ?? null) : (data.assigneeId as string | null),
      complaintId: (data.complaintId as string | undefined) ?? existing?.complaintId ?? null,
      fresh: existing ? existing.fresh : true,
    };
    return { ...state, cards: { ...state.cards, [id]: card } };
  }
  if (envelope.type === 'presence.changed') {
    const userId = (data.userId as string | undefined) ?? envelope.entity.id;
    const person = state.staff[userId];
    if (!person) return state;
    return { ...state, staff: { ...state.staff, [userId]: { ...person, online: Boolean(data.online) } } };
  }
  return state;
}

/** The seqs to fetch (inclusive) when events are waiting for earlier ones; null when nothing is missing. */
export function missingRange(state: BoardState): { from: number; to: number } | null {
  const waiting = Object.keys(state.pending).map(Number);
  if (waiting.length === 0) return null;
  return { from: state.seq + 1, to: Math.min(...waiting) - 1 };
}

/** The cards of one zone and column, oldest number first. */
export function column(state: BoardState, zoneId: string, name: BoardColumn): BoardCard[] {
  return Object.values(state.cards)
    .filter((card) => card.zoneId === zoneId && card.state === name)
    .sort((a, b) => a.number - b.number);
}

/** Open orders a staff member holds (assigned, accepted or in progress). */
export function loadOf(state: BoardState, userId: string): number {
  return Object.values(state.cards).filter(
    (card) =>
      card.assigneeId === userId &&
      (card.state === 'ASSIGNED' || card.state === 'ACCEPTED' || card.state === 'IN_PROGRESS'),
  ).length;
}

export type SlaLevel = 'ok' | 'warning' | 'breached';

/** Amber from 80 % of the allowed time, red once the deadline has passed. */
export function slaLevel(startedAt: string, dueAt: string, now: number): SlaLevel {
  const start = Date.parse(startedAt);
  const due = Date.parse(dueAt);
  if (now >= due) return 'breached';
  const allowed = due - start;
  if (allowed <= 0) return 'warning';
  return (now - start) / allowed >= 0.8 ? 'warning' : 'ok';
}

/** The deadline the card is racing: acceptance until accepted, then arrival on site. */
export function deadlineOf(card: BoardCard): string | undefined {
  return card.state === 'OPEN' || card.state === 'ASSIGNED' ? card.acceptDueAt : card.onsiteDueAt;
}
