import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { config, newId, Role } from '@service-desk/core';
import { appUrl } from '@service-desk/db';
import {
  connectLive,
  type ConnectLiveOptions,
  graphqlEventsFetcher,
  type LiveClient,
  type LiveEnvelope,
  LIVE_REPLAY_LIMIT,
} from '@service-desk/live-client';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
// The feed's LISTEN connection is killed, and its reads held, to show the boundaries hold.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { TenantEventFeed } from '../../apps/api/src/live/tenant-event-feed.js';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { LiveEventsRepository } from '../../apps/api/src/live/live-events.repository.js';
import { type ApiHarness, startApi } from '../support/api.js';

/**
 * The socket.io live feed (DESIGN section 5) against the real API in this process: ordering, resume with
 * `since`, resync beyond the replay limit, who may see what (tenants, roles, field staff), token checks,
 * and the typed client's gap filling. Events are also written directly with SQL as the application role,
 * as the worker does, to show the feed delivers whatever is committed, whoever wrote it.
 */

type Tenant = Awaited<ReturnType<ApiHarness['tenant']>>;

let api: ApiHarness;
let pool: pg.Pool;
const clients: LiveClient[] = [];
const sockets: Socket[] = [];

beforeAll(async () => {
  api = await startApi();
  pool = new pg.Pool({ connectionString: appUrl(), max: 4 });
});

afterEach(() => {
  for (const client of clients.splice(0)) client.close();
  for (const socket of sockets.splice(0)) socket.disconnect();
});

afterAll(async () => {
  await api?.close();
  await pool?.end();
});

/** Polls until the check holds; fails naming what it waited for. */
async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Appends events as the application role in one tenant-scoped transaction (like the worker). */
async function append(
  tenantId: string,
  events: Array<{ type: string; data?: Record<string, unknown> }>,
): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    const seqs: number[] = [];
    for (const event of events) {
      const { rows } = await client.query(`SELECT append_tenant_event($1, 'test', $2, NULL, $3) AS seq`, [
        event.type,
        newId(),
        JSON.stringify(event.data ?? {}),
      ]);
      seqs.push(Number(rows[0].seq));
    }
    await client.query('COMMIT');
    return seqs;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

/** Appends `count` events in one statement (generate_series) under the tenant's scope. */
async function appendMany(tenantId: string, count: number, type = 'test.bulk'): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    await client.query(
      `SELECT append_tenant_event($1, 'test', gen_random_uuid(), NULL, jsonb_build_object('i', i))
       FROM generate_series(1, $2) AS i`,
      [type, count],
    );
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}

async function latestSeq(tenantId: string): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    const { rows } = await client.query('SELECT coalesce(max(seq), 0) AS seq FROM tenant_events');
    await client.query('COMMIT');
    return Number(rows[0].seq);
  } finally {
    client.release();
  }
}

/** A typed client whose delivered envelopes are recorded. */
function live(token: string, options: Partial<ConnectLiveOptions> = {}) {
  const client = connectLive({ url: api.url, token, ...options });
  clients.push(client);
  const events: LiveEnvelope[] = [];
  client.onEvent((envelope) => events.push(envelope));
  return { client, events, seqs: () => events.map((event) => event.seq) };
}

/** A bare socket.io socket that records the protocol messages in arrival order (no reconnection). */
function raw(auth: Record<string, unknown>, namespace = '/live') {
  const socket = io(`${api.url}${namespace}`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth,
  });
  sockets.push(socket);
  const messages: Array<{ kind: string; payload: any }> = [];
  for (const kind of ['event', 'ready', 'resync'])
    socket.on(kind, (payload) => messages.push({ kind, payload }));
  const refused = new Promise<string>((resolve) =>
    socket.on('connect_error', (error) => resolve(error.message)),
  );
  return { socket, messages, refused };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** An access token signed like the API's, with chosen claims and expiry. */
function signToken(t: Tenant, role: Exclude<Role, Role.HQ_ADMIN>, expiresInSeconds: number): string {
  const claims = { sub: t.users[role].id, tid: t.tenantId, cid: t.chainId, role, typ: 'access' };
  const exp = Math.floor(Date.now() / 1000) + expiresInSeconds;
  return jwt.sign({ ...claims, exp }, config().JWT_SECRET, { algorithm: 'HS256', issuer: 'service-desk' });
}

describe('live feed: delivery and resume', () => {
  it('pushes API and directly written events to the front desk in seq order, once each', async () => {
    const t = await api.tenant();
    const supervisor = live(await t.token(Role.SUPERVISOR));
    const owner = live(await t.token(Role.OWNER));
    const start = (await supervisor.client.ready()).seq;
    await owner.client.ready();

    const created = await api.gql(
      `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`,
      { input: { name: 'Live customer', phone: '+86 138 0000 0000' } },
      await t.token(Role.AGENT),
    );
    expect(created.errors).toBeUndefined();
    await append(t.tenantId, [
      { type: 'test.worker', data: { n: 1 } },
      { type: 'test.worker', data: { n: 2 } },
    ]);

    for (const client of [supervisor, owner]) {
      await eventually('three events', () => client.events.length >= 3);
      expect(client.seqs()).toEqual(range(start + 1, start + 3));
      expect(client.events.map((event) => event.type)).toEqual([
        'customer.created',
        'test.worker',
        'test.worker',
      ]);
    }
    const [customerEvent] = supervisor.events;
    expect(customerEvent).toEqual({
      seq: start + 1,
      type: 'customer.created',
      at: expect.any(String),
      entity: { kind: 'customer', id: created.data?.createCustomer.id },
      data: { tier: 'STANDARD' },
    });
    // No customer PII in the envelope.
    expect(JSON.stringify(customerEvent)).not.toContain('138');
  });

  it('replays exactly the 50 events missed while disconnected, then continues live', async () => {
    const t = await api.tenant();
    const token = await t.token(Role.SUPERVISOR);
    await append(t.tenantId, [{ type: 'test.before' }]);
    const { client, seqs } = live(token);
    const wire: number[] = [];
    client.socket.on('event', (envelope: LiveEnvelope) => wire.push(envelope.seq));
    const since = (await client.ready()).seq;
    await append(t.tenantId, [{ type: 'test.live' }]);
    await eventually('the first live event', () => client.lastSeq === since + 1);

    client.socket.disconnect();
    for (let i = 0; i < 50; i++) await append(t.tenantId, [{ type: 'test.missed', data: { i } }]);
    wire.length = 0;
    client.socket.connect(); // the handshake carries since = lastSeq
    await eventually('the 50 missed events', () => client.lastSeq === since + 51);
    await append(t.tenantId, [{ type: 'test.after' }]);
    await eventually('the next live event', () => client.lastSeq === since + 52);

    // On the wire: the 50 missed ones exactly once, then the live one.
    expect(wire).toEqual(range(since + 2, since + 52));
    expect(seqs()).toEqual(range(since + 1, since + 52));
  });

  it('replays before ready and live after it, at the protocol level', async () => {
    const t = await api.tenant();
    await appendMany(t.tenantId, 10);
    const socket = raw({ token: await t.token(Role.AGENT), since: 4 });
    await eventually('ready', () => socket.messages.some((message) => message.kind === 'ready'));
    await append(t.tenantId, [{ type: 'test.live' }]);
    await eventually('the live event', () => socket.messages.length === 8);
    expect(socket.messages.map(({ kind, payload }) => `${kind}:${payload.seq}`)).toEqual([
      ...range(5, 10).map((seq) => `event:${seq}`),
      'ready:10',
      'event:11',
    ]);
    expect(socket.messages.find((message) => message.kind === 'ready')?.payload).toEqual({
      seq: 10,
      scope: 'tenant',
    });
  });

  it(`answers resync with the latest seq when more than ${LIVE_REPLAY_LIMIT} events were missed`, async () => {
    const t = await api.tenant();
    const { client, events } = live(await t.token(Role.SUPERVISOR));
    const resyncs: number[] = [];
    client.onResync((seq) => resyncs.push(seq));
    await client.ready();

    client.socket.disconnect();
    await appendMany(t.tenantId, LIVE_REPLAY_LIMIT + 100);
    const latest = await latestSeq(t.tenantId);
    client.socket.connect();
    await eventually('resync', () => resyncs.length === 1);
    expect(resyncs).toEqual([latest]);
    expect(client.lastSeq).toBe(latest);
    expect(events).toEqual([]);

    // Exactly at the limit it still replays.
    const socket = raw({ token: await t.token(Role.SUPERVISOR), since: latest - LIVE_REPLAY_LIMIT });
    await eventually('ready', () => socket.messages.some((message) => message.kind === 'ready'));
    expect(socket.messages.filter((message) => message.kind === 'event')).toHaveLength(LIVE_REPLAY_LIMIT);
    expect(socket.messages.some((message) => message.kind === 'resync')).toBe(false);
  });

  it('resyncs a client whose since is ahead of the log', async () => {
    const t = await api.tenant();
    await append(t.tenantId, [{ type: 'test.one' }]);
    const socket = raw({ token: await t.token(Role.SUPERVISOR), since: 99 });
    await eventually('ready', () => socket.messages.some((message) => message.kind === 'ready'));
    expect(socket.messages.map(({ kind, payload }) => `${kind}:${payload.seq}`)).toEqual([
      'resync:1',
      'ready:1',
    ]);
  });

  it('loses nothing and repeats nothing when the connection drops repeatedly during a burst', async () => {
    const t = await api.tenant();
    // The server leaves no gap to fill: this must never be asked.
    const fetchEvents = jest.fn(async (_since: number) => [] as LiveEnvelope[]);
    const { client, seqs } = live(await t.token(Role.SUPERVISOR), {
      fetchEvents,
      socketOptions: { reconnectionDelay: 10, reconnectionDelayMax: 50 },
    });
    const wire: number[] = [];
    client.socket.on('event', (envelope: LiveEnvelope) => wire.push(envelope.seq));
    await client.ready();
    let writing = true;
    const writer = (async () => {
      let n = 0;
      while (writing || n < 200) {
        await append(t.tenantId, [{ type: 'test.burst', data: { n: n++ } }]);
      }
      return n;
    })();
    for (let drop = 0; drop < 5; drop++) {
      await eventually('a ready connection', () => client.connected && client.scope !== null);
      const before = client.lastSeq ?? 0;
      await eventually('some progress', () => (client.lastSeq ?? 0) > before + 5);
      client.socket.io.engine.close(); // transport lost: the client reconnects by itself with since
    }
    writing = false;
    const written = await writer;
    await eventually('every event', () => client.lastSeq === written);
    expect(seqs()).toEqual(range(1, written));
    // Not even the wire carried a duplicate: each resume started exactly after what had arrived.
    expect(wire).toEqual(range(1, written));
    expect(fetchEvents).not.toHaveBeenCalled();
  });

  it('does not repeat what a replay sent when the feed publishes it later (replay ahead of the feed)', async () => {
    const t = await api.tenant();
    const token = await t.token(Role.SUPERVISOR);
    const first = live(token);
    await first.client.ready(); // the tenant is followed from here
    // Hold the feed's reads of the log, so the replay below reads further than the feed has published.
    const repository = api.app.get(LiveEventsRepository);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const after = repository.after.bind(repository);
    const held = jest.spyOn(repository, 'after').mockImplementation(async (...args) => {
      await gate;
      return after(...args);
    });
    try {
      await append(
        t.tenantId,
        range(1, 5).map((i) => ({ type: 'test.ahead', data: { i } })),
      );
      await eventually('the feed to try reading', () => held.mock.calls.length > 0);
      const second = live(token, { since: 0 });
      const wire: number[] = [];
      second.client.socket.on('event', (envelope: LiveEnvelope) => wire.push(envelope.seq));
      expect(await second.client.ready()).toMatchObject({ seq: 5 });
      await append(t.tenantId, [{ type: 'test.after' }]);
      release();
      await eventually('all six at both', () => first.client.lastSeq === 6 && second.client.lastSeq === 6);
      expect(wire).toEqual(range(1, 6));
      expect(first.seqs()).toEqual(range(1, 6));
    } finally {
      release();
      held.mockRestore();
    }
  });

  it('listens again after its LISTEN connection is killed and delivers what was committed meanwhile', async () => {
    const feed = api.app.get(TenantEventFeed);
    const t = await api.tenant();
    const { client, seqs } = live(await t.token(Role.SUPERVISOR));
    await client.ready();
    const pid = feed.listenerPid;
    expect(pid).not.toBeNull();
    const owner = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await owner.connect();
    try {
      await owner.query('SELECT pg_terminate_backend($1)', [pid]);
    } finally {
      await owner.end();
    }
    // Committed while nobody listens: its notification is lost, the catch-up read finds it.
    await append(t.tenantId, [{ type: 'test.during-outage' }]);
    await eventually('a new LISTEN connection', () => ![null, pid].includes(feed.listenerPid));
    await append(t.tenantId, [{ type: 'test.after-outage' }]);
    await eventually('both events', () => seqs().length === 2);
    expect(seqs()).toEqual([1, 2]);
  });
});

describe('live feed: who sees what', () => {
  it("gives a socket of another tenant none of this tenant's events", async () => {
    const [a, b] = await Promise.all([api.tenant(), api.tenant()]);
    const intruder = live(await b.token(Role.OWNER));
    const own = live(await a.token(Role.SUPERVISOR));
    await Promise.all([intruder.client.ready(), own.client.ready()]);
    await append(a.tenantId, [{ type: 'test.secret', data: { tenant: 'a' } }]);
    await appendMany(a.tenantId, 20, 'test.secret');
    await append(b.tenantId, [{ type: 'test.sentinel', data: { tenant: 'b' } }]);
    await eventually("tenant A's events at A", () => own.events.length === 21);
    await eventually("B's own sentinel", () => intruder.events.length >= 1);
    expect(intruder.events.map((event) => event.type)).toEqual(['test.sentinel']);

    // Replaying from 0 with B's token still reads only B's log.
    const socket = raw({ token: await b.token(Role.OWNER), since: 0 });
    await eventually('ready', () => socket.messages.some((message) => message.kind === 'ready'));
    expect(socket.messages.map(({ kind, payload }) => `${kind}:${payload.type ?? payload.seq}`)).toEqual([
      'event:test.sentinel',
      'ready:1',
    ]);
  });

  it('refuses missing, garbage, forged, expired and deactivated tokens with UNAUTHENTICATED', async () => {
    const t = await api.tenant();
    const forged = jwt.sign(
      { sub: t.users.OWNER.id, tid: t.tenantId, cid: t.chainId, role: 'OWNER', typ: 'access' },
      'not-the-secret-not-the-secret-not-the-secret',
      { algorithm: 'HS256', issuer: 'service-desk', expiresIn: 600 },
    );
    const cases: Array<Record<string, unknown>> = [
      {},
      { token: '' },
      { token: 'garbage' },
      { token: 42 },
      { token: null },
      { token: ['a', 'b'] },
      { token: { alg: 'none' } },
      { token: forged },
      { token: signToken(t, Role.OWNER, -60) },
    ];
    for (const auth of cases) {
      expect(await raw(auth).refused).toBe('UNAUTHENTICATED');
    }
    // An oversize handshake is cut at the transport (frames are capped at 16 KB): it never connects.
    const oversize = raw({ token: 'x'.repeat(100_000) });
    const outcome = await Promise.race([
      oversize.refused.then((message) => `refused: ${message}`),
      new Promise<string>((resolve) =>
        oversize.socket.io.on('close', (reason) => resolve(`closed: ${reason}`)),
      ),
      new Promise<string>((resolve) => oversize.socket.on('connect', () => resolve('connected'))),
    ]);
    expect(outcome).toMatch(/^(closed|refused)/);
    expect(oversize.socket.connected).toBe(false);
    // A deactivated user's still-valid token is refused (the user is re-read on every connection).
    const agentToken = await t.token(Role.AGENT);
    const owner = await pool.connect();
    try {
      await owner.query('BEGIN');
      await owner.query(`SELECT set_config('app.tenant_id', $1, true)`, [t.tenantId]);
      await owner.query('UPDATE users SET active = false WHERE id = $1', [t.users.AGENT.id]);
      await owner.query('COMMIT');
    } finally {
      owner.release();
    }
    expect(await raw({ token: agentToken }).refused).toBe('UNAUTHENTICATED');
    // The typed client reports it and does not retry.
    const { client } = live(agentToken);
    await expect(client.ready()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('refuses HR and HQ admins with FORBIDDEN, a bad since with BAD_USER_INPUT, other namespaces', async () => {
    const t = await api.tenant();
    expect(await raw({ token: await t.token(Role.HR) }).refused).toBe('FORBIDDEN');
    expect(await raw({ token: await t.token(Role.HQ_ADMIN) }).refused).toBe('FORBIDDEN');
    const token = await t.token(Role.SUPERVISOR);
    for (const since of [-1, 1.5, 'abc', { $gt: 0 }]) {
      expect(await raw({ token, since }).refused).toBe('BAD_USER_INPUT');
    }
    expect(await raw({ token }, '/').refused).toBe('FORBIDDEN');
    const { client } = live(await t.token(Role.HR));
    await expect(client.ready()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('sends field staff only events naming them, also in replays after a reconnect', async () => {
    const t = await api.tenant();
    const me = t.users.FIELD_STAFF.id;
    const other = t.users.AGENT.id;
    const supervisor = live(await t.token(Role.SUPERVISOR));
    await supervisor.client.ready();
    const field = live(await t.token(Role.FIELD_STAFF));
    const wire: LiveEnvelope[] = [];
    field.client.socket.on('event', (envelope: LiveEnvelope) => wire.push(envelope));
    expect(await field.client.ready()).toMatchObject({ scope: 'own' });
    await eventually('presence online at the supervisor', () =>
      supervisor.events.some((event) => event.type === 'presence.changed' && event.data.online === true),
    );
    expect(supervisor.events.find((event) => event.type === 'presence.changed')).toMatchObject({
      entity: { kind: 'user', id: me },
      data: { userId: me, online: true },
    });

    const live1 = await append(t.tenantId, [
      { type: 'workorder.assigned', data: { assigneeId: other, zoneId: newId() } },
      { type: 'workorder.assigned', data: { assigneeId: me, zoneId: newId() } },
      { type: 'workorder.created', data: { zoneId: newId() } },
      { type: 'complaint.submitted', data: {} },
      { type: 'workorder.reassigned', data: { assigneeId: other, previousAssigneeId: me } },
    ]);
    await eventually('the supervisor to see all five', () =>
      supervisor.events.some((event) => event.seq === live1[4]),
    );
    await eventually('the field user to see theirs', () => field.events.length === 2);
    expect(field.seqs()).toEqual([live1[1], live1[4]]);

    // Disconnected: events happen, then the replay is filtered the same way.
    field.client.socket.disconnect();
    await eventually('presence offline at the supervisor', () =>
      supervisor.events.some((event) => event.type === 'presence.changed' && event.data.online === false),
    );
    const missed = await append(t.tenantId, [
      { type: 'workorder.assigned', data: { assigneeId: other } },
      { type: 'workorder.assigned', data: { assigneeId: me } },
      { type: 'workorder.created', data: {} },
    ]);
    wire.length = 0;
    field.client.socket.connect();
    await field.client.ready();
    const after = await append(t.tenantId, [
      { type: 'workorder.started', data: { assigneeId: me } },
      { type: 'workorder.started', data: { assigneeId: other } },
    ]);
    await eventually('the supervisor to see the last', () =>
      supervisor.events.some((e) => e.seq === after[1]),
    );
    await eventually('the field user to see the new one', () => field.events.length === 4);
    expect(field.seqs()).toEqual([live1[1], live1[4], missed[1], after[0]]);
    expect(wire.map((event) => event.seq)).toEqual([missed[1], after[0]]);
    expect(wire.every((event) => event.data.assigneeId === me || event.data.previousAssigneeId === me)).toBe(
      true,
    );
  });

  it('closes the connection when its token expires; the client resumes with a fresh token', async () => {
    const t = await api.tenant();
    let tokens = 0;
    const { client, seqs } = live('', {
      token: () => signToken(t, Role.SUPERVISOR, tokens++ === 0 ? 2 : 600),
      socketOptions: { reconnectionDelay: 10, reconnectionDelayMax: 50 },
    });
    const readies: number[] = [];
    client.onReady((ready) => readies.push(ready.seq));
    await client.ready();
    const disconnected = new Promise<string>((resolve) => client.socket.once('disconnect', resolve));
    expect(await disconnected).toBe('transport close');
    await append(t.tenantId, [{ type: 'test.after-expiry' }]);
    await eventually('the event after reconnecting', () => seqs().length === 1);
    expect(tokens).toBe(2);
    expect(readies.length).toBe(2);
  });
});

describe('live feed: typed client', () => {
  it('fills a lost envelope through fetchEvents and delivers in order, once', async () => {
    const t = await api.tenant();
    const token = await t.token(Role.AGENT);
    const fetcher = graphqlEventsFetcher({ url: api.url, token });
    const calls: number[] = [];
    let dropped = false;
    const { client, events, seqs } = live(token, {
      fetchEvents: (since) => {
        calls.push(since);
        return fetcher(since);
      },
      testHooks: {
        dropIncoming: (envelope) => {
          if (dropped || envelope.seq !== 3) return false;
          return (dropped = true);
        },
      },
    });
    const start = (await client.ready()).seq;
    expect(start).toBe(0);
    await append(
      t.tenantId,
      range(1, 5).map((i) => ({ type: 'test.gap', data: { i } })),
    );
    await eventually('all five events', () => client.lastSeq === 5);
    expect(dropped).toBe(true);
    expect(seqs()).toEqual([1, 2, 3, 4, 5]);
    expect(calls).toEqual([2]);
    expect(events[2]).toMatchObject({ seq: 3, type: 'test.gap', data: { i: 3 }, entity: { kind: 'test' } });
  });

  it('fills a replay it lost (ready beyond what it has) and reports gaps it cannot fill', async () => {
    const t = await api.tenant();
    const token = await t.token(Role.OWNER);
    await appendMany(t.tenantId, 30);
    const calls: number[] = [];
    const fetcher = graphqlEventsFetcher({ url: api.url, token, first: 7 });
    const { client, seqs } = live(token, {
      since: 10,
      fetchEvents: (since) => {
        calls.push(since);
        return fetcher(since);
      },
      testHooks: { dropIncoming: (envelope) => envelope.seq <= 30 },
    });
    expect(await client.ready()).toEqual({ seq: 30, scope: 'tenant' });
    await eventually('the replay through fetchEvents', () => client.lastSeq === 30);
    expect(seqs()).toEqual(range(11, 30));
    expect(calls).toEqual([10, 17, 24]);

    // Without fetchEvents a gap is reported and skipped.
    const gaps: Array<{ from: number; to: number }> = [];
    const blind = live(token, { since: 25, testHooks: { dropIncoming: (envelope) => envelope.seq === 31 } });
    blind.client.onGap((gap) => gaps.push(gap));
    await blind.client.ready();
    await append(t.tenantId, [{ type: 'test.a' }, { type: 'test.b' }]);
    await eventually('the last event', () => blind.client.lastSeq === 32);
    expect(blind.seqs()).toEqual([26, 27, 28, 29, 30, 32]);
    expect(gaps).toEqual([{ from: 31, to: 31 }]);
  });
});
