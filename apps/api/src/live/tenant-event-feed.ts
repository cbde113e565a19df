import { Injectable } from '@nestjs/common';
import { logger } from '@service-desk/core';
import { appUrl } from '@service-desk/db';
import type { LiveEnvelope } from '@service-desk/live-client';
import pg from 'pg';
import { LiveEventsRepository } from './live-events.repository.js';

/** Receives every committed event of a followed tenant exactly once, in seq order. */
export type FeedSink = (tenantId: string, events: LiveEnvelope[]) => void;

export interface FeedSubscription {
  /** Resolves once the tenant is followed: every event committed after that is published. */
  ready: Promise<void>;
  release(): void;
}

interface TenantCursor {
  refs: number;
  /** The last seq published; null while the starting point is read. */
  delivered: number | null;
  /** A notification (or a reconnection) asked for a fetch that has not started yet. */
  dirty: boolean;
  running: boolean;
  failures: number;
  retry?: NodeJS.Timeout;
  ready: Promise<void>;
}

const CHANNEL = 'tenant_events';
const BATCH = 500;
const backoff = (failures: number) => Math.min(100 * 2 ** failures, 5000);

/**
 * One LISTEN connection per API process on the `tenant_events` channel (the trigger notifies
 * `<tenantId>:<seq>` on commit, whichever process wrote the event: API, worker or SQL). Only tenants with
 * a socket on this process are followed. Notifications of a tenant are coalesced: while a fetch runs,
 * further ones only mark the tenant dirty, and the next fetch reads every committed event after the last
 * one published (`seq > delivered`, under the tenant's RLS scope). Because seq is gap-free per tenant and
 * a tenant's appends commit in seq order (they serialise on its counter row), this publishes every event
 * once, in order, even when notifications were lost: after the LISTEN connection drops it reconnects with
 * backoff and re-reads every followed tenant.
 */
@Injectable()
export class TenantEventFeed {
  private readonly tenants = new Map<string, TenantCursor>();
  private listener: pg.Client | null = null;
  private sink: FeedSink = () => undefined;
  private stopped = true;
  private reconnectFailures = 0;
  private reconnectTimer?: NodeJS.Timeout;
  private pid: number | null = null;

  constructor(private readonly events: LiveEventsRepository) {}

  /** Connects the listener (a failed first attempt is retried in the background). */
  async start(sink: FeedSink): Promise<void> {
    this.sink = sink;
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    for (const cursor of this.tenants.values()) clearTimeout(cursor.retry);
    this.tenants.clear();
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
  }

  /** The server process id of the LISTEN connection while it is up (for diagnostics and tests). */
  get listenerPid(): number | null {
    return this.listener ? this.pid : null;
  }

  /** The last seq published for a followed tenant (null when not followed or not yet started). */
  publishedSeq(tenantId: string): number | null {
    return this.tenants.get(tenantId)?.delivered ?? null;
  }

  /** Follows a tenant while at least one subscription to it is held. */
  track(tenantId: string): FeedSubscription {
    let cursor = this.tenants.get(tenantId);
    if (!cursor) {
      const created: TenantCursor = {
        refs: 0,
        delivered: null,
        dirty: false,
        running: false,
        failures: 0,
        ready: Promise.resolve(),
      };
      // Followed before the starting point is read: a notification arriving meanwhile marks it dirty,
      // and one that arrived before is for an event the read includes.
      this.tenants.set(tenantId, created);
      created.ready = this.events.latestSeq(tenantId).then(
        (latest) => {
          if (this.tenants.get(tenantId) !== created) return;
          created.delivered = latest;
          if (created.dirty) this.pump(tenantId, created);
        },
        (error: unknown) => {
          if (this.tenants.get(tenantId) === created) this.tenants.delete(tenantId);
          throw error;
        },
      );
      // Every subscriber awaits `ready`; this keeps an unobserved failure from being unhandled.
      created.ready.catch(() => undefined);
      cursor = created;
    }
    cursor.refs++;
    const held = cursor;
    let released = false;
    return {
      ready: held.ready,
      release: () => {
        if (released) return;
        released = true;
        held.refs--;
        if (held.refs <= 0 && this.tenants.get(tenantId) === held) {
          clearTimeout(held.retry);
          this.tenants.delete(tenantId);
        }
      },
    };
  }

  private connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: appUrl(),
      keepAlive: true,
      application_name: 'service-desk-api-live',
    });
    let dropped = false;
    const drop = (error?: unknown) => {
      if (dropped) return;
      dropped = true;
      if (this.listener === client) this.listener = null;
      client.removeAllListeners('notification');
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      logger().warn({ err: error }, 'live feed: LISTEN connection lost, reconnecting');
      this.scheduleReconnect();
    };
    client.on('error', drop);
    client.on('end', () => drop());
    client.on('notification', (message) => this.onNotification(message.payload ?? ''));
    return client
      .connect()
      .then(() => client.query(`LISTEN ${CHANNEL}`))
      .then(() => client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))
      .then(
        ({ rows }) => {
          if (dropped) return;
          if (this.stopped) {
            dropped = true;
            void client.end().catch(() => undefined);
            return;
          }
          this.listener = client;
          this.pid = rows[0].pid;
          this.reconnectFailures = 0;
          // Events committed while nobody listened were not notified: read every followed tenant.
          for (const [tenantId, cursor] of this.tenants) {
            if (cursor.delivered === null) continue;
            cursor.dirty = true;
            this.pump(tenantId, cursor);
          }
        },
        (error: unknown) => drop(error),
      );
  }

  private scheduleReconnect(): void {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => void this.connect(), backoff(this.reconnectFailures++));
  }

  private onNotification(payload: string): void {
    const colon = payload.lastIndexOf(':');
    const cursor = this.tenants.get(payload.slice(0, colon));
    if (!cursor) return;
    const seq = Number(payload.slice(colon + 1));
    if (cursor.delivered !== null && seq <= cursor.delivered) return;
    cursor.dirty = true;
    if (cursor.delivered !== null) this.pump(payload.slice(0, colon), cursor);
  }

  private pump(tenantId: string, cursor: TenantCursor): void {
    if (cursor.running || cursor.retry) return;
    cursor.running = true;
    void this.drain(tenantId, cursor).finally(() => {
      cursor.running = false;
    });
  }

  private async drain(tenantId: string, cursor: TenantCursor): Promise<void> {
    while (cursor.dirty && !this.stopped && this.tenants.get(tenantId) === cursor) {
      cursor.dirty = false;
      let events: LiveEnvelope[];
      try {
        events = await this.events.after(tenantId, cursor.delivered!, BATCH);
      } catch (error) {
        cursor.dirty = true;
        logger().warn({ err: error, tenantId }, 'live feed: reading events failed, retrying');
        cursor.retry = setTimeout(() => {
          cursor.retry = undefined;
          this.pump(tenantId, cursor);
        }, backoff(cursor.failures++));
        return;
      }
      cursor.failures = 0;
      if (this.tenants.get(tenantId) !== cursor || events.length === 0) continue;
      cursor.delivered = events[events.length - 1].seq;
      if (events.length === BATCH) cursor.dirty = true;
      try {
        this.sink(tenantId, events);
      } catch (error) {
        logger().error({ err: error, tenantId }, 'live feed: publishing failed');
      }
    }
  }
}
