import { useEffect, useReducer, useRef, useState } from 'react';
import { connectLive, graphqlEventsFetcher, type LiveEnvelope } from '@service-desk/live-client';
import { gql, sessions } from '../session.js';
import {
  type BoardSnapshot,
  boardReducer,
  emptyBoard,
  missingRange,
  type SnapshotOrder,
} from './board-state.js';

export const ORDER_FIELDS =
  'id number state priority zoneId assigneeId complaintId description location createdAt acceptDueAt onsiteDueAt';

/** The snapshot names each card only (the API prices every field of every list); details follow. */
const CARD_FIELDS = 'id number state priority assigneeId';
const BOARD_QUERY = `query Board { dispatchBoard { seq zones { zoneId name staff { userId displayName online }
  open { ${CARD_FIELDS} } assigned { ${CARD_FIELDS} } accepted { ${CARD_FIELDS} }
  inProgress { ${CARD_FIELDS} } done { ${CARD_FIELDS} } } } }`;
const DETAILS_QUERY = `query BoardDetails { workOrders(first: 100, states: [OPEN, ASSIGNED, ACCEPTED, IN_PROGRESS, DONE]) {
  edges { node { ${ORDER_FIELDS} } } } }`;

type CardColumns = 'open' | 'assigned' | 'accepted' | 'inProgress' | 'done';

/** The snapshot with each card's zone filled in from the zone it is listed under. */
function withZones(board: BoardSnapshot): BoardSnapshot {
  const columns: CardColumns[] = ['open', 'assigned', 'accepted', 'inProgress', 'done'];
  return {
    ...board,
    zones: board.zones.map((zone) => {
      const next = { ...zone };
      for (const name of columns) next[name] = zone[name].map((order) => ({ ...order, zoneId: zone.zoneId }));
      return next;
    }),
  };
}

const EVENTS_QUERY = `query BoardEvents($since: Int!) {
  events(since: $since, first: 100) { edges { node { seq type at entity { kind id } data } } } }`;

const token = async () => (await sessions.token()) ?? '';

/**
 * The board's state: the snapshot, then live events through the typed socket client, resuming with
 * `since` after a drop. Gaps the reducer sees are fetched from `events(since:)`; duplicates are ignored.
 */
export function useLiveBoard() {
  const [state, dispatch] = useReducer(boardReducer, emptyBoard);
  const [online, setOnline] = useState(true);
  const [loaded, setLoaded] = useState(false);
  const [connected, setConnected] = useState(false);
  const filling = useRef(false);
  const detailed = useRef(new Set<string>());

  useEffect(() => {
    let closed = false;
    let client: ReturnType<typeof connectLive> | undefined;
    const loadSnapshot = async (): Promise<number> => {
      const data = await gql<{ dispatchBoard: BoardSnapshot }>(BOARD_QUERY);
      if (!closed) {
        dispatch({ type: 'snapshot', board: withZones(data.dispatchBoard) });
        setLoaded(true);
      }
      void gql<{ workOrders: { edges: Array<{ node: SnapshotOrder }> } }>(DETAILS_QUERY)
        .then((details) => {
          for (const { node } of details.workOrders.edges)
            if (!closed) dispatch({ type: 'details', order: node });
        })
        .catch(() => undefined);
      return data.dispatchBoard.seq;
    };
    const browserOffline = () => setOnline(false);
    const browserOnline = () => setOnline(client?.connected ?? false);
    addEventListener('offline', browserOffline);
    addEventListener('online', browserOnline);
    void loadSnapshot().then((seq) => {
      if (closed) return;
      const url = location.origin;
      client = connectLive({ url, token, since: seq, fetchEvents: graphqlEventsFetcher({ url, token }) });
      client.onEvent((envelope) => dispatch({ type: 'events', events: [envelope] }));
      client.onResync(() => void loadSnapshot());
      client.onReady(() => {
        setOnline(true);
        setConnected(true);
      });
      client.socket.on('disconnect', () => setOnline(false));
      client.socket.on('connect_error', () => setOnline(false));
    });
    return () => {
      closed = true;
      removeEventListener('offline', browserOffline);
      removeEventListener('online', browserOnline);
      client?.close();
    };
  }, []);

  // Events waiting behind a gap: fetch what is missing.
  const gap = missingRange(state);
  useEffect(() => {
    if (!gap || filling.current) return;
    filling.current = true;
    void gql<{ events: { edges: Array<{ node: LiveEnvelope }> } }>(EVENTS_QUERY, { since: gap.from - 1 })
      .then((data) => dispatch({ type: 'events', events: data.events.edges.map((edge) => edge.node) }))
      .catch(() => undefined)
      .finally(() => {
        filling.current = false;
      });
  }, [gap?.from, gap?.to]);

  // Cards that arrived by event carry no description or deadlines yet: fetch them once.
  useEffect(() => {
    for (const card of Object.values(state.cards)) {
      if (!card.fresh || card.createdAt || detailed.current.has(card.id)) continue;
      detailed.current.add(card.id);
      void gql<{ workOrder: SnapshotOrder }>(
        `query Order($id: ID!) { workOrder(id: $id) { ${ORDER_FIELDS} } }`,
        {
          id: card.id,
        },
      )
        .then((data) => dispatch({ type: 'details', order: data.workOrder }))
        .catch(() => undefined);
    }
  }, [state.cards]);

  /** `connecting` until the live feed first says ready. */
  const live = !connected ? 'connecting' : online ? 'online' : 'offline';
  return { state, online, loaded, live };
}
