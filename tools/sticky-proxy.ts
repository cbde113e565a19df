import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import net, { type AddressInfo, type Socket } from 'node:net';

/**
 * A small round-robin HTTP proxy for API nodes, with sticky sessions for socket.io (`npm run cluster`).
 *
 * - New requests go round-robin to the nodes whose `/health/ready` answers 200 (when none does, to those
 *   that answer at all, so a database outage still reaches an API that can say so).
 * - Affinity: a browser carries the `sd_node` cookie the proxy sets on every response; socket.io clients
 *   without cookies are pinned by their engine.io session id (`sid`), learnt from the polling handshake
 *   response, so long-polling requests and the WebSocket upgrade of one session land on the same node.
 * - A node that refuses a connection is marked down at once and the request (whose body the proxy holds)
 *   goes to another; a pinned client of a dead node is sent to a live one, where socket.io answers
 *   "session unknown" and the client reconnects (the live feed resumes with `since`).
 * - WebSocket upgrades are piped as raw TCP after the request head is forwarded.
 */
export interface ProxyNode {
  name: string;
  host: string;
  port: number;
}

export interface StickyProxyOptions {
  nodes: readonly ProxyNode[];
  /** Readiness path polled on every node. Default `/health/ready`. */
  healthPath?: string;
  /** Between health checks. Default 1000 ms. */
  healthIntervalMs?: number;
  log?: (line: string) => void;
}

export interface NodeState {
  name: string;
  /** Answered the last health check at all. */
  reachable: boolean;
  /** Answered the last health check with 200. */
  ready: boolean;
}

interface NodeEntry extends NodeState {
  node: ProxyNode;
}

export const AFFINITY_COOKIE = 'sd_node';
const MAX_BODY = 2 * 1024 * 1024;
const SID_IDLE_MS = 120_000;
/** Hop-by-hop headers (RFC 9110 section 7.6.1) are not forwarded. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

class NoNodeError extends Error {}

/** Reads `name=value` pairs of a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** The engine.io session id of a request URL, if any. */
export function sessionIdOf(url: string | undefined): string | undefined {
  const query = (url ?? '').split('?')[1];
  return query ? (new URLSearchParams(query).get('sid') ?? undefined) : undefined;
}

/** The sid in an engine.io open packet (`0{"sid":…}`, possibly length-prefixed by older protocols). */
export function sessionIdInHandshake(body: string): string | undefined {
  return /"sid":"([^"]+)"/.exec(body)?.[1];
}

export class StickyProxy {
  private readonly entries: NodeEntry[];
  private readonly sids = new Map<string, { entry: NodeEntry; seen: number }>();
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  private readonly server: http.Server;
  private readonly tunnels = new Set<Socket>();
  private next = 0;
  private timer?: NodeJS.Timeout;
  private sweeper?: NodeJS.Timeout;

  constructor(private readonly options: StickyProxyOptions) {
    if (options.nodes.length === 0) throw new Error('The proxy needs at least one node');
    this.entries = options.nodes.map((node) => ({ node, name: node.name, reachable: true, ready: false }));
    this.server = http.createServer((req, res) => void this.forward(req, res));
    this.server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) =>
      this.tunnel(req, socket, head),
    );
    this.server.on('clientError', (_error, socket) => socket.destroy());
  }

  /** Starts listening and health-checking; resolves with the port. */
  async listen(port: number, host = '0.0.0.0'): Promise<number> {
    await this.checkHealth();
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    this.timer = setInterval(() => void this.checkHealth(), this.options.healthIntervalMs ?? 1000);
    this.sweeper = setInterval(() => this.sweepSessions(), SID_IDLE_MS / 2);
    this.timer.unref();
    this.sweeper.unref();
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    clearInterval(this.sweeper);
    for (const socket of this.tunnels) socket.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.agent.destroy();
  }

  states(): NodeState[] {
    return this.entries.map(({ name, reachable, ready }) => ({ name, reachable, ready }));
  }

  /** Asks every node's readiness once. */
  async checkHealth(): Promise<void> {
    const path = this.options.healthPath ?? '/health/ready';
    await Promise.all(
      this.entries.map(async (entry) => {
        const status = await new Promise<number | null>((resolve) => {
          const request = http.get(
            { host: entry.node.host, port: entry.node.port, path, agent: false, timeout: 2000 },
            (response) => {
              response.resume();
              resolve(response.statusCode ?? null);
            },
          );
          request.on('timeout', () => request.destroy());
          request.on('error', () => resolve(null));
        });
        this.mark(entry, status !== null, status === 200);
      }),
    );
  }

  private mark(entry: NodeEntry, reachable: boolean, ready: boolean): void {
    if (entry.reachable === reachable && entry.ready === ready) return;
    entry.reachable = reachable;
    entry.ready = ready;
    if (!reachable) for (const [sid, pin] of this.sids) if (pin.entry === entry) this.sids.delete(sid);
    this.options.log?.(`proxy: ${entry.name} is ${ready ? 'ready' : reachable ? 'not ready' : 'down'}`);
  }

  private sweepSessions(): void {
    const cutoff = Date.now() - SID_IDLE_MS;
    for (const [sid, pin] of this.sids) if (pin.seen < cutoff) this.sids.delete(sid);
  }

  /** The pinned node when it is reachable, otherwise the next ready one (then the next reachable one). */
  private choose(req: IncomingMessage, exclude: ReadonlySet<NodeEntry>): NodeEntry {
    const usable = (entry: NodeEntry | undefined): entry is NodeEntry =>
      entry !== undefined && entry.reachable && !exclude.has(entry);
    const sid = sessionIdOf(req.url);
    const bySid = sid ? this.sids.get(sid) : undefined;
    if (bySid && usable(bySid.entry)) {
      bySid.seen = Date.now();
      return bySid.entry;
    }
    const cookie = readCookie(req.headers.cookie, AFFINITY_COOKIE);
    const byCookie = this.entries.find((entry) => entry.name === cookie);
    if (usable(byCookie)) return byCookie;
    const candidates = this.entries.filter((entry) => usable(entry) && entry.ready);
    const pool = candidates.length > 0 ? candidates : this.entries.filter(usable);
    if (pool.length === 0) throw new NoNodeError('No API node is reachable');
    return pool[this.next++ % pool.length];
  }

  private forwardedHeaders(req: IncomingMessage): Record<string, string | string[]> {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
    }
    const address = req.socket.remoteAddress ?? '';
    const before = req.headers['x-forwarded-for'];
    headers['x-forwarded-for'] = before ? `${String(before)}, ${address}` : address;
    headers['x-forwarded-proto'] ??= 'http';
    if (req.headers.host) headers['x-forwarded-host'] ??= req.headers.host;
    return headers;
  }

  private async forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch {
      res.writeHead(413).end();
      return;
    }
    const tried = new Set<NodeEntry>();
    const attempt = (): void => {
      let entry: NodeEntry;
      try {
        entry = this.choose(req, tried);
      } catch {
        if (!res.headersSent)
          res.writeHead(502, { 'content-type': 'text/plain' }).end('No API node available');
        return;
      }
      tried.add(entry);
      const headers = this.forwardedHeaders(req);
      headers['content-length'] = String(body.length);
      const upstream = http.request(
        {
          host: entry.node.host,
          port: entry.node.port,
          method: req.method,
          path: req.url,
          headers,
          agent: this.agent,
        },
        (response) => this.respond(req, res, entry, response),
      );
      upstream.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ECONNREFUSED') {
          // Nothing reached the node: it is down, and the request can go elsewhere.
          this.mark(entry, false, false);
          if (!res.headersSent) return attempt();
        }
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end('API node failed');
        else res.destroy();
      });
      res.on('close', () => {
        if (!res.writableFinished) upstream.destroy();
      });
      upstream.end(body);
    };
    attempt();
  }

  private respond(
    req: IncomingMessage,
    res: ServerResponse,
    entry: NodeEntry,
    response: IncomingMessage,
  ): void {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
    }
    if (readCookie(req.headers.cookie, AFFINITY_COOKIE) !== entry.name) {
      const cookie = `${AFFINITY_COOKIE}=${entry.name}; Path=/; HttpOnly; SameSite=Lax`;
      const existing = headers['set-cookie'];
      headers['set-cookie'] = existing ? [...[existing].flat(), cookie] : [cookie];
    }
    // The node went away mid-response: the client sees the connection drop, as it would without the proxy.
    response.on('error', () => res.destroy());
    response.on('aborted', () => res.destroy());
    const isHandshake =
      req.url?.startsWith('/socket.io/') && !sessionIdOf(req.url) && response.statusCode === 200;
    if (!isHandshake) {
      res.writeHead(response.statusCode ?? 502, headers);
      response.pipe(res);
      return;
    }
    // The open packet names the session: pin it to this node before the client can send its next request.
    void readBody(response).then(
      (payload) => {
        const sid = sessionIdInHandshake(payload.toString('utf8'));
        if (sid) this.sids.set(sid, { entry, seen: Date.now() });
        headers['content-length'] = String(payload.length);
        res.writeHead(response.statusCode ?? 502, headers).end(payload);
      },
      () => res.destroy(),
    );
  }

  private tunnel(req: IncomingMessage, client: Socket, head: Buffer, tried = new Set<NodeEntry>()): void {
    let entry: NodeEntry;
    try {
      entry = this.choose(req, tried);
    } catch {
      client.end('HTTP/1.1 502 Bad Gateway\r\nconnection: close\r\n\r\n');
      return;
    }
    tried.add(entry);
    const upstream = net.connect(entry.node.port, entry.node.host);
    let connected = false;
    let retried = false;
    const forget = () => {
      this.tunnels.delete(client);
      this.tunnels.delete(upstream);
    };
    this.tunnels.add(client);
    this.tunnels.add(upstream);
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      forget();
      if (!connected && error.code === 'ECONNREFUSED' && !client.destroyed) {
        this.mark(entry, false, false);
        retried = true;
        this.tunnel(req, client, head, tried);
        return;
      }
      client.destroy();
    });
    upstream.on('connect', () => {
      connected = true;
      const headers = this.forwardedHeaders(req);
      const lines = [
        `${req.method} ${req.url} HTTP/1.1`,
        'connection: Upgrade',
        `upgrade: ${req.headers.upgrade}`,
      ];
      for (const [name, value] of Object.entries(headers)) {
        for (const one of [value].flat()) lines.push(`${name}: ${one}`);
      }
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('close', () => {
      if (retried) return;
      forget();
      client.destroy();
    });
    client.on('error', () => upstream.destroy());
    client.once('close', () => {
      forget();
      upstream.destroy();
    });
  }
}

function readBody(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        stream.destroy();
        reject(new Error('body too large'));
        return;
      }
      chunks.push(chunk);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}
