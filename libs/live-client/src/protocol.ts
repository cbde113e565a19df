/**
 * The live feed's wire protocol (DESIGN section 5), shared by the API gateway and its clients.
 *
 * A client connects to the socket.io namespace `/live` with `auth: { token, since? }`. The server then
 * sends, in this order on that connection:
 * 1. when `since` is given: every event with `seq > since` (at most {@link LIVE_REPLAY_LIMIT}), or instead
 *    one `resync` when more are missing (or `since` is ahead of the log);
 * 2. one `ready`, naming the seq the connection is now up to;
 * 3. live `event`s, each with a larger seq than the last, never one twice.
 * Failed handshakes end with a `connect_error` whose message is a {@link LiveErrorCode}.
 */
export const LIVE_NAMESPACE = '/live';

/** The most events a reconnecting client is replayed; beyond it the server answers `resync`. */
export const LIVE_REPLAY_LIMIT = 1000;

/** One entry of the tenant event log as pushed to sockets. `data` carries ids, states and summaries only. */
export interface LiveEnvelope<TData = Record<string, unknown>> {
  /** Gap-free per tenant: a client that sees `n` after `m < n - 1` has missed events (scope `tenant`). */
  seq: number;
  type: string;
  /** ISO 8601 timestamp of the change. */
  at: string;
  entity: { kind: string; id: string };
  data: TData;
}

export interface LiveHandshakeAuth {
  /** An access token (JWT), verified on every connection. */
  token: string;
  /** The last seq the client has; the server replays what follows. Omit to start from now. */
  since?: number | null;
}

/**
 * `tenant`: every event of the tenant (owner, supervisor, agent), so seq gaps are real gaps.
 * `own`: only events naming the user or their zones (field staff): seq jumps are expected.
 */
export type LiveScope = 'tenant' | 'own';

export interface LiveReady {
  /** Every event up to this seq was replayed or precedes `since`; only later ones follow. */
  seq: number;
  scope: LiveScope;
}

export interface LiveResync {
  /** The tenant's latest seq: reload the snapshot, then continue after it. */
  seq: number;
}

export type LiveErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'INTERNAL';

export const LIVE_ERROR_CODES: readonly LiveErrorCode[] = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'INTERNAL',
];

/** Messages the server emits. Clients emit nothing. */
export interface LiveServerEvents {
  event: (envelope: LiveEnvelope) => void;
  ready: (ready: LiveReady) => void;
  resync: (resync: LiveResync) => void;
}
