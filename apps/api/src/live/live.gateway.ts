import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AuthGuard } from '@service-desk/auth';
import { type Actor, logger, newId, RequestContext, Role } from '@service-desk/core';
import { Database } from '@service-desk/db';
import { EventLog } from '@service-desk/events';
import {
  LIVE_NAMESPACE,
  LIVE_REPLAY_LIMIT,
  type LiveEnvelope,
  type LiveErrorCode,
  type LiveServerEvents,
} from '@service-desk/live-client';
import jwt from 'jsonwebtoken';
import { type Namespace, Server, type Socket } from 'socket.io';
import { FIELD_STAFF_ZONES, type FieldStaffZones } from './field-staff-zones.js';
import { canSee, LIVE_ROLES, type LiveAccess, roomsFor, roomsOf, scopeOf } from './live-access.js';
import { LiveEventsRepository } from './live-events.repository.js';
import { liveEventsPublished, liveSockets } from './live-metrics.js';
import { TenantEventFeed } from './tenant-event-feed.js';

interface SocketData {
  actor: Actor & { userId: string; role: Role };
  access: LiveAccess;
  since: number | null;
  /** Epoch ms at which the access token expires. */
  expiresAt: number | null;
}

type LiveSocket = Socket<Record<string, never>, LiveServerEvents, Record<string, never>, SocketData>;
type LiveNamespace = Namespace<Record<string, never>, LiveServerEvents, Record<string, never>, SocketData>;

/**
 * A connection not yet in its rooms: live events published for it are held here. It joins once its
 * replay is done (`cursor` set) and the feed has published up to `cursor`: the replay reads the log
 * directly and may be ahead of the feed, and a room would then repeat what the replay sent.
 */
interface Joining {
  socket: LiveSocket;
  access: LiveAccess;
  held: LiveEnvelope[];
  /** The seq the replay brought the connection up to. */
  cursor?: number;
}

class LiveHandshakeError extends Error {
  readonly data: { code: LiveErrorCode };
  constructor(code: LiveErrorCode) {
    super(code);
    this.data = { code };
  }
}

/** `since` is absent, or a non-negative integer (a number, or its decimal string). */
function parseSince(value: unknown): number | null | undefined {
  if (value === undefined || value === null) return null;
  const since = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value;
  return typeof since === 'number' && Number.isSafeInteger(since) && since >= 0 ? since : undefined;
}

const MAX_TIMER_MS = 2 ** 31 - 1;
const PRESENCE_FLUSH_MS = 5000;

/**
 * The live feed (DESIGN section 5): socket.io namespace `/live` on the API's own HTTP server.
 *
 * - Every connection is authenticated in the namespace middleware with `AuthGuard.actorFromToken` (the
 *   JWT is verified and the user re-read). socket.io's connection-state recovery is not enabled, so
 *   there is no path around that: a reconnecting client is a new connection and resumes with `since`.
 *   When the token expires the transport is closed; the client reconnects with a fresh token or is refused.
 * - Owner, supervisor and agent join `tenant:<id>`; everyone joins their `user` room, field staff also
 *   their zones' rooms (see live-access.ts); HR and HQ_ADMIN are refused (FORBIDDEN).
 * - Events come from {@link TenantEventFeed} (LISTEN/NOTIFY + reads of the log), so every process delivers
 *   every committed event, whoever wrote it.
 * - Resume: see the protocol in @service-desk/live-client. Live events published while a connection's
 *   replay runs are held for it and sent after the replay, skipping what the replay already sent; it
 *   joins its rooms only once the feed has caught up with the replay (see {@link Joining}).
 * - Field staff connecting/disconnecting append `presence.changed` (first connection / last disconnection
 *   of that user on this process).
 */
@Injectable()
export class LiveGateway implements OnApplicationBootstrap, OnModuleDestroy {
  private io?: Server;
  private namespace?: LiveNamespace;
  private readonly joining = new Map<string, Set<Joining>>();
  /** Open connections per field-staff user (`tenantId:userId`) on this process. */
  private readonly online = new Map<string, number>();
  /** The last presence write per user, so a user's writes are appended in order. */
  private readonly presenceWrites = new Map<string, Promise<void>>();
  private closing = false;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly auth: AuthGuard,
    private readonly feed: TenantEventFeed,
    private readonly events: LiveEventsRepository,
    private readonly db: Database,
    private readonly eventLog: EventLog,
    @Inject(FIELD_STAFF_ZONES) private readonly zones: FieldStaffZones,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const httpServer = this.adapterHost.httpAdapter?.getHttpServer();
    if (!httpServer) return; // an application context without HTTP (never the API)
    // No connectionStateRecovery: every reconnection goes through the middleware below.
    const io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 16_384 });
    // Only /live serves anything.
    io.use((_socket, next) => next(new LiveHandshakeError('FORBIDDEN')));
    const namespace = io.of(LIVE_NAMESPACE) as unknown as LiveNamespace;
    namespace.use((socket, next) => {
      this.authenticate(socket).then(
        () => next(),
        (error: unknown) => {
          if (!(error instanceof LiveHandshakeError)) {
            logger().error({ err: error }, 'live: handshake failed');
            error = new LiveHandshakeError('INTERNAL');
          }
          next(error as LiveHandshakeError);
        },
      );
    });
    namespace.on('connection', (socket) => void this.connected(socket));
    this.io = io;
    this.namespace = namespace;
    await this.feed.start((tenantId, events) => this.publish(tenantId, events));
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    // Closing the transports (rather than disconnecting the sockets) lets clients reconnect elsewhere.
    this.io?.engine.close();
    const deadline = Date.now() + PRESENCE_FLUSH_MS;
    // Their disconnect handlers queue the field staff's presence writes (transports close asynchronously).
    while ((this.namespace?.sockets.size ?? 0) > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await this.feed.stop();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.presenceWrites.values()]),
      new Promise((resolve) => (timer = setTimeout(resolve, Math.max(deadline - Date.now(), 0)))),
    ]);
    clearTimeout(timer);
  }

  /** Re-reads a field-staff user's zones for their open connections (after a roster change). */
  async refreshAccess(tenantId: string, userId: string): Promise<void> {
    if (!this.namespace) return;
    const zoneIds = new Set(await this.zones.zonesOf(tenantId, userId));
    for (const socket of this.namespace.sockets.values()) {
      const { access } = socket.data;
      if (!access || access.tenantId !== tenantId || access.userId !== userId) continue;
      if (access.role !== Role.FIELD_STAFF) continue;
      const before = new Set(roomsOf(access));
      socket.data.access = { ...access, zoneIds };
      const after = new Set(roomsOf(socket.data.access));
      // Still replaying: it joins its rooms when done.
      if (this.isJoining(socket)) continue;
      for (const room of before) if (!after.has(room)) void socket.leave(room);
      void socket.join([...after]);
    }
  }

  private async authenticate(socket: LiveSocket): Promise<void> {
    if (this.closing) throw new LiveHandshakeError('INTERNAL');
    const auth = (socket.handshake.auth ?? {}) as { token?: unknown; since?: unknown };
    const token = typeof auth.token === 'string' ? auth.token : '';
    const actor = token ? await this.auth.actorFromToken(token) : null;
    if (!actor || !actor.userId || actor.role === 'SYSTEM') throw new LiveHandshakeError('UNAUTHENTICATED');
    if (!LIVE_ROLES.includes(actor.role)) throw new LiveHandshakeError('FORBIDDEN');
    const since = parseSince(auth.since);
    if (since === undefined) throw new LiveHandshakeError('BAD_USER_INPUT');
    const zoneIds =
      actor.role === Role.FIELD_STAFF
        ? new Set(await this.zones.zonesOf(actor.tenantId, actor.userId))
        : new Set<string>();
    const exp = (jwt.decode(token) as { exp?: unknown } | null)?.exp;
    socket.data = {
      actor: { ...actor, userId: actor.userId, role: actor.role },
      access: { tenantId: actor.tenantId, userId: actor.userId, role: actor.role, zoneIds },
      since,
      expiresAt: typeof exp === 'number' ? exp * 1000 : null,
    };
  }

  private async connected(socket: LiveSocket): Promise<void> {
    if (this.closing) {
      socket.conn.close();
      return;
    }
    const { access, actor, since, expiresAt } = socket.data;
    // Held from here on: anything published after this point reaches the socket (held or live).
    const joining: Joining = { socket, access, held: [] };
    this.addJoining(joining);
    const subscription = this.feed.track(access.tenantId);
    const isFieldStaff = access.role === Role.FIELD_STAFF;
    if (isFieldStaff) this.presence(actor, true);
    liveSockets.inc();
    const expiry =
      expiresAt === null
        ? undefined
        : setTimeout(() => socket.conn.close(), Math.min(Math.max(expiresAt - Date.now(), 0), MAX_TIMER_MS));
    socket.once('disconnect', () => {
      clearTimeout(expiry);
      this.removeJoining(joining);
      subscription.release();
      liveSockets.dec();
      if (isFieldStaff) this.presence(actor, false);
    });

    try {
      await subscription.ready;
      const cursor = await this.replay(socket, access, since);
      if (!socket.connected) return;
      socket.emit('ready', { seq: cursor, scope: scopeOf(access.role) });
      joining.cursor = cursor;
      // Otherwise publish() lets it join when the feed reaches the cursor.
      if ((this.feed.publishedSeq(access.tenantId) ?? -1) >= cursor) this.join(joining);
    } catch (error) {
      logger().error({ err: error, tenantId: access.tenantId }, 'live: replay failed');
      // The client reconnects and resumes from what it has.
      socket.conn.close();
    }
  }

  /** Sends what the connection missed; returns the seq it is up to. */
  private async replay(socket: LiveSocket, access: LiveAccess, since: number | null): Promise<number> {
    if (since === null) return this.events.latestSeq(access.tenantId);
    const { events, latest } = await this.events.replay(access.tenantId, since, LIVE_REPLAY_LIMIT + 1);
    if (events.length > LIVE_REPLAY_LIMIT || since > latest) {
      socket.emit('resync', { seq: latest });
      return latest;
    }
    if (events.length === 0) return since;
    for (const envelope of events) if (canSee(access, envelope)) socket.emit('event', envelope);
    return events[events.length - 1].seq;
  }

  private publish(tenantId: string, events: LiveEnvelope[]): void {
    const namespace = this.namespace;
    if (!namespace) return;
    const joining = this.joining.get(tenantId);
    for (const envelope of events) {
      namespace.to(roomsFor(tenantId, envelope)).emit('event', envelope);
      if (joining)
        for (const entry of joining)
          if (canSee(entry.socket.data.access, envelope)) entry.held.push(envelope);
    }
    liveEventsPublished.inc(events.length);
    const upTo = events[events.length - 1]?.seq ?? -1;
    for (const entry of joining ?? [])
      if (entry.cursor !== undefined && entry.cursor <= upTo) this.join(entry);
  }

  /**
   * Sends what was held after the replay and puts the connection in its rooms, synchronously (nothing is
   * published in between): every later event reaches it through the rooms, every earlier one was sent.
   */
  private join(entry: Joining): void {
    const cursor = entry.cursor!;
    for (const envelope of entry.held) if (envelope.seq > cursor) entry.socket.emit('event', envelope);
    this.removeJoining(entry);
    if (entry.socket.connected) void entry.socket.join(roomsOf(entry.socket.data.access));
  }

  private addJoining(entry: Joining): void {
    const tenantId = entry.access.tenantId;
    let set = this.joining.get(tenantId);
    if (!set) this.joining.set(tenantId, (set = new Set()));
    set.add(entry);
  }

  private removeJoining(entry: Joining): void {
    const set = this.joining.get(entry.access.tenantId);
    if (!set?.delete(entry)) return;
    if (set.size === 0) this.joining.delete(entry.access.tenantId);
  }

  private isJoining(socket: LiveSocket): boolean {
    const set = this.joining.get(socket.data.access.tenantId);
    return [...(set ?? [])].some((entry) => entry.socket === socket);
  }

  /** Counts a field-staff user's connections; the first and the last change their presence. */
  private presence(actor: SocketData['actor'], connecting: boolean): void {
    const key = `${actor.tenantId}:${actor.userId}`;
    const count = (this.online.get(key) ?? 0) + (connecting ? 1 : -1);
    if (count > 0) this.online.set(key, count);
    else this.online.delete(key);
    if ((connecting && count === 1) || (!connecting && count === 0))
      this.writePresence(key, actor, connecting);
  }

  private writePresence(key: string, actor: SocketData['actor'], online: boolean): void {
    const previous = this.presenceWrites.get(key) ?? Promise.resolve();
    const next = previous
      .then(() =>
        RequestContext.run({ requestId: newId(), actor }, () =>
          this.db.asTenant({ tenantId: actor.tenantId }, (tx) =>
            this.eventLog.append(tx, {
              type: 'presence.changed',
              entity: { kind: 'user', id: actor.userId },
              data: { userId: actor.userId, online },
            }),
          ),
        ),
      )
      .then(
        () => undefined,
        (error: unknown) =>
          logger().warn({ err: error, tenantId: actor.tenantId }, 'live: presence write failed'),
      );
    this.presenceWrites.set(key, next);
    void next.then(() => {
      if (this.presenceWrites.get(key) === next) this.presenceWrites.delete(key);
    });
  }
}
