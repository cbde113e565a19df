import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import {
  LIVE_ERROR_CODES,
  LIVE_NAMESPACE,
  type LiveEnvelope,
  type LiveErrorCode,
  type LiveHandshakeAuth,
  type LiveReady,
  type LiveResync,
  type LiveScope,
  type LiveServerEvents,
} from './protocol.js';

/**
 * Returns events with `seq > since`, oldest first (one page is enough: the client asks again from where
 * the page ended). Typically the GraphQL `events(since:, first:)` query: see {@link graphqlEventsFetcher}.
 */
export type FetchEvents = (since: number) => Promise<readonly LiveEnvelope[]>;

/** A token, or a function returning a fresh one (called on every connection attempt). */
export type TokenSource = string | (() => string | Promise<string>);

export interface ConnectLiveOptions {
  /** The API's base URL, e.g. `http://127.0.0.1:3000` (the namespace `/live` is appended). */
  url: string;
  token: TokenSource;
  /** The last seq the caller already has (e.g. a snapshot's seq); omit to start from now. */
  since?: number | null;
  /** Fills gaps in the sequence. Without it a gap is reported through `onGap` and skipped. */
  fetchEvents?: FetchEvents;
  /** socket.io-client options (defaults: websocket transport, own connection, reconnection on). */
  socketOptions?: Partial<ManagerOptions & SocketOptions>;
  /** Failed or fruitless `fetchEvents` calls before a gap is given up (reported and skipped). Default 5. */
  maxFillAttempts?: number;
  /** For tests: an envelope for which this returns true is dropped as if lost on the way. */
  testHooks?: { dropIncoming?: (envelope: LiveEnvelope) => boolean };
}

export type LiveClientErrorCode =
  LiveErrorCode | 'CONNECTION' | 'FETCH_FAILED' | 'LISTENER_FAILED' | 'CLOSED';

export class LiveClientError extends Error {
  constructor(
    readonly code: LiveClientErrorCode,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'LiveClientError';
  }
}

/** A range of seqs (inclusive) that could not be recovered and was skipped. */
export interface LiveGap {
  from: number;
  to: number;
}

type Unsubscribe = () => void;

export interface LiveClient {
  /** The highest seq delivered with every earlier one delivered too (scope `tenant`); null before the first `ready`. */
  readonly lastSeq: number | null;
  /** Known once the server has said `ready` on the current connection. */
  readonly scope: LiveScope | null;
  readonly connected: boolean;
  /** The underlying socket.io socket (escape hatch; prefer the methods). */
  readonly socket: Socket;
  /** Every event, once, in seq order. */
  onEvent(listener: (envelope: LiveEnvelope) => void): Unsubscribe;
  /** Too much was missed to replay: reload the snapshot; events continue after `seq`. */
  onResync(listener: (seq: number) => void): Unsubscribe;
  /** After each (re)connection's replay. */
  onReady(listener: (ready: LiveReady) => void): Unsubscribe;
  onGap(listener: (gap: LiveGap) => void): Unsubscribe;
  onError(listener: (error: LiveClientError) => void): Unsubscribe;
  /**
   * Resolves when the current connection is ready (or the next one, while reconnecting); rejects when the
   * server refuses the handshake (UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT) or the client is closed.
   * INTERNAL refusals are retried with backoff (reported through `onError`).
   */
  ready(): Promise<LiveReady>;
  close(): void;
}

/** Connects to the live feed; the connection resumes from the last delivered seq after every drop. */
export function connectLive(options: ConnectLiveOptions): LiveClient {
  return new LiveConnection(options);
}

class Listeners<T> {
  private readonly listeners = new Set<(value: T) => void>();

  add(listener: (value: T) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(value: T, onFailure: (error: unknown) => void): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        onFailure(error);
      }
    }
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

class LiveConnection implements LiveClient {
  readonly socket: Socket;
  lastSeq: number | null;
  scope: LiveScope | null = null;

  /** Envelopes above `lastSeq` waiting for the ones before them. */
  private readonly pending = new Map<number, LiveEnvelope>();
  /** The highest seq known to exist. */
  private target = 0;
  private filling = false;
  private closed = false;
  private current: LiveReady | null = null;
  /** Handshakes refused with INTERNAL in a row, and the pending retry. */
  private refusedAttempts = 0;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private waiters: Array<{ resolve(ready: LiveReady): void; reject(error: LiveClientError): void }> = [];

  private readonly events = new Listeners<LiveEnvelope>();
  private readonly resyncs = new Listeners<number>();
  private readonly readies = new Listeners<LiveReady>();
  private readonly gaps = new Listeners<LiveGap>();
  private readonly errors = new Listeners<LiveClientError>();

  constructor(private readonly options: ConnectLiveOptions) {
    this.lastSeq = options.since ?? null;
    this.target = this.lastSeq ?? 0;
    const base = options.url.replace(/\/+$/, '');
    this.socket = io(`${base}${LIVE_NAMESPACE}`, {
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 250,
      reconnectionDelayMax: 5000,
      ...options.socketOptions,
      // Called on every connection attempt, so a reconnection resumes from what was delivered.
      auth: (send: (auth: LiveHandshakeAuth) => void) => {
        void this.handshake().then(send, (error: unknown) => {
          this.report(new LiveClientError('UNAUTHENTICATED', 'Could not obtain a token', error));
          send({ token: '', since: this.lastSeq });
        });
      },
    });
    const typed = this.socket as unknown as Socket<LiveServerEvents>;
    typed.on('event', (envelope) => {
      if (this.options.testHooks?.dropIncoming?.(envelope)) return;
      this.accept(envelope);
    });
    typed.on('resync', (resync) => this.onServerResync(resync));
    typed.on('ready', (ready) => this.onServerReady(ready));
    this.socket.on('disconnect', () => {
      this.scope = null;
      this.current = null;
    });
    this.socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
      const code = (LIVE_ERROR_CODES as readonly string[]).includes(error.message)
        ? (error.message as LiveErrorCode)
        : 'CONNECTION';
      const failure = new LiveClientError(code, error.message, error);
      this.report(failure);
      // A transport failure is retried by socket.io. A refused handshake is not: it is final when the server
      // refused the client (UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT), but INTERNAL is the server's own
      // trouble (its database restarting, the node shutting down), so the client tries again, with backoff.
      if (this.socket.active) return;
      if (code === 'INTERNAL') this.retryLater();
      else this.rejectWaiters(failure);
    });
    this.socket.on('connect', () => {
      this.refusedAttempts = 0;
    });
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  onEvent(listener: (envelope: LiveEnvelope) => void): Unsubscribe {
    return this.events.add(listener);
  }

  onResync(listener: (seq: number) => void): Unsubscribe {
    return this.resyncs.add(listener);
  }

  onReady(listener: (ready: LiveReady) => void): Unsubscribe {
    return this.readies.add(listener);
  }

  onGap(listener: (gap: LiveGap) => void): Unsubscribe {
    return this.gaps.add(listener);
  }

  onError(listener: (error: LiveClientError) => void): Unsubscribe {
    return this.errors.add(listener);
  }

  ready(): Promise<LiveReady> {
    if (this.closed) return Promise.reject(new LiveClientError('CLOSED', 'The live client is closed'));
    if (this.current) return Promise.resolve(this.current);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.socket.disconnect();
    this.rejectWaiters(new LiveClientError('CLOSED', 'The live client is closed'));
  }

  /** Reconnects after a handshake the server could not complete (same backoff range as socket.io's). */
  private retryLater(): void {
    const base = Math.min(250 * 2 ** this.refusedAttempts++, 5000);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(
      () => {
        if (!this.closed && !this.socket.active) this.socket.connect();
      },
      base * (0.5 + Math.random()),
    );
  }

  private async handshake(): Promise<LiveHandshakeAuth> {
    const source = this.options.token;
    const token = typeof source === 'function' ? await source() : source;
    return { token, since: this.lastSeq };
  }

  private accept(envelope: LiveEnvelope): void {
    if (this.lastSeq !== null && envelope.seq <= this.lastSeq) return; // already delivered
    if (this.scope === 'own') {
      // Filtered stream: seq jumps are expected, order is the server's.
      this.lastSeq = envelope.seq;
      this.deliver(envelope);
      return;
    }
    if (this.pending.has(envelope.seq)) return;
    this.pending.set(envelope.seq, envelope);
    this.target = Math.max(this.target, envelope.seq);
    // Before `ready` the scope is unknown: a replay waits until it is.
    if (this.scope === 'tenant') this.advance();
  }

  private onServerResync(resync: LiveResync): void {
    this.pending.clear();
    this.lastSeq = resync.seq;
    this.target = resync.seq;
    this.resyncs.emit(resync.seq, (error) => this.listenerFailed(error));
  }

  private onServerReady(ready: LiveReady): void {
    this.scope = ready.scope;
    if (this.lastSeq === null) this.lastSeq = ready.seq;
    for (const seq of this.pending.keys()) if (seq <= this.lastSeq) this.pending.delete(seq);
    if (ready.scope === 'own') {
      const replayed = [...this.pending.values()].sort((a, b) => a.seq - b.seq);
      this.pending.clear();
      for (const envelope of replayed) {
        this.lastSeq = envelope.seq;
        this.deliver(envelope);
      }
      // Everything of the tenant up to ready.seq has been considered for this user.
      this.lastSeq = Math.max(this.lastSeq, ready.seq);
      this.target = this.lastSeq;
    } else {
      this.target = Math.max(this.target, ready.seq);
      this.advance();
    }
    this.current = ready;
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter.resolve(ready);
    this.readies.emit(ready, (error) => this.listenerFailed(error));
  }

  /** Delivers what is contiguous, then fills the gap if one remains. */
  private advance(): void {
    this.drain();
    if (this.lastSeq !== null && this.lastSeq < this.target) void this.fill();
  }

  private drain(): void {
    if (this.lastSeq === null) return;
    for (let next = this.pending.get(this.lastSeq + 1); next; next = this.pending.get(this.lastSeq + 1)) {
      this.pending.delete(next.seq);
      this.lastSeq = next.seq;
      this.deliver(next);
    }
  }

  private async fill(): Promise<void> {
    if (this.filling) return;
    this.filling = true;
    const attempts = this.options.maxFillAttempts ?? 5;
    let fruitless = 0;
    try {
      while (!this.closed && this.scope === 'tenant' && this.lastSeq !== null && this.lastSeq < this.target) {
        const from = this.lastSeq;
        if (!this.options.fetchEvents) {
          this.skipGap();
          continue;
        }
        try {
          const events = await this.options.fetchEvents(from);
          for (const envelope of events) {
            if (this.lastSeq === null || envelope.seq <= this.lastSeq || this.pending.has(envelope.seq))
              continue;
            this.pending.set(envelope.seq, envelope);
            this.target = Math.max(this.target, envelope.seq);
          }
          this.drain();
        } catch (error) {
          this.report(new LiveClientError('FETCH_FAILED', 'Could not fetch missing events', error));
        }
        if (this.lastSeq !== from) {
          fruitless = 0;
          continue;
        }
        fruitless++;
        if (fruitless >= attempts) {
          this.skipGap();
          fruitless = 0;
        } else {
          await delay(Math.min(100 * 2 ** fruitless, 3000));
        }
      }
    } finally {
      this.filling = false;
    }
  }

  /** Gives up the gap after `lastSeq`: reports it and continues with the next envelope held. */
  private skipGap(): void {
    if (this.lastSeq === null) return;
    const to = this.pending.size > 0 ? Math.min(...this.pending.keys()) - 1 : this.target;
    const gap = { from: this.lastSeq + 1, to };
    this.lastSeq = to;
    this.gaps.emit(gap, (error) => this.listenerFailed(error));
    this.drain();
  }

  private deliver(envelope: LiveEnvelope): void {
    this.events.emit(envelope, (error) => this.listenerFailed(error));
  }

  private listenerFailed(error: unknown): void {
    this.report(new LiveClientError('LISTENER_FAILED', 'A live client listener threw', error));
  }

  private report(error: LiveClientError): void {
    // A throwing error listener has nowhere left to report to.
    this.errors.emit(error, () => undefined);
  }

  private rejectWaiters(error: LiveClientError): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter.reject(error);
  }
}

const EVENTS_QUERY = `query LiveClientEvents($since: Int!, $first: Int!) {
  events(since: $since, first: $first) { edges { node { seq type at entity { kind id } data } } }
}`;

export interface GraphqlEventsFetcherOptions {
  /** The API's base URL (`/graphql` is appended). */
  url: string;
  token: TokenSource;
  /** Page size, at most 100 (the API's limit). Default 100. */
  first?: number;
}

/** A {@link FetchEvents} over the API's `events(since:, first:)` query (owner, supervisor, agent). */
export function graphqlEventsFetcher(options: GraphqlEventsFetcherOptions): FetchEvents {
  const endpoint = `${options.url.replace(/\/+$/, '')}/graphql`;
  return async (since) => {
    const token = typeof options.token === 'function' ? await options.token() : options.token;
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: EVENTS_QUERY, variables: { since, first: options.first ?? 100 } }),
    });
    const body = (await response.json()) as {
      data?: { events?: { edges: Array<{ node: LiveEnvelope }> } } | null;
      errors?: Array<{ message: string; extensions?: { code?: string } }>;
    };
    if (!body.data?.events) {
      const code = body.errors?.[0]?.extensions?.code ?? `HTTP ${response.status}`;
      throw new LiveClientError('FETCH_FAILED', `events query failed: ${code}`);
    }
    return body.data.events.edges.map(({ node }) => ({
      seq: node.seq,
      type: node.type,
      at: node.at,
      entity: { kind: node.entity.kind, id: node.entity.id },
      data: node.data,
    }));
  };
}
