import { afterEach, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import {
  AFFINITY_COOKIE,
  readCookie,
  sessionIdInHandshake,
  sessionIdOf,
  StickyProxy,
} from './sticky-proxy.js';

/** A stand-in API node: names itself, fakes an engine.io handshake and echoes on upgraded connections. */
async function fakeNode(name: string, ready = true) {
  let sessions = 0;
  const server = http.createServer((req, res) => {
    if (req.url === '/health/ready') {
      res.writeHead(ready ? 200 : 503).end();
      return;
    }
    if (req.url?.startsWith('/socket.io/') && !sessionIdOf(req.url)) {
      res
        .writeHead(200, { 'content-type': 'text/plain' })
        .end(`0{"sid":"${name}-${++sessions}","upgrades":[]}`);
      return;
    }
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => res.writeHead(200, { 'x-node': name }).end(`${name}:${req.url}:${body}`));
  });
  server.on('upgrade', (req, socket, head: Buffer) => {
    socket.write('HTTP/1.1 101 Switching Protocols\r\nconnection: Upgrade\r\nupgrade: echo\r\n\r\n');
    socket.write(`${name}:${String(req.headers['x-forwarded-for'])}|`);
    // Bytes that came with the request head, then the rest of the stream, echoed.
    if (head.length > 0) socket.write(head);
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    node: { name, host: '127.0.0.1', port },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function setup(readiness: boolean[] = [true, true]) {
  const nodes = await Promise.all(readiness.map((ready, i) => fakeNode(`n${i + 1}`, ready)));
  for (const node of nodes) closers.push(node.close);
  const proxy = new StickyProxy({ nodes: nodes.map((n) => n.node), healthIntervalMs: 60_000 });
  const port = await proxy.listen(0, '127.0.0.1');
  closers.push(() => proxy.close());
  return { nodes, proxy, base: `http://127.0.0.1:${port}`, port };
}

async function get(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  return { body: await response.text(), cookie: response.headers.get('set-cookie') };
}

describe('sticky proxy', () => {
  it('parses cookies, session ids and handshakes', () => {
    expect(readCookie('a=1; sd_node=api-2; b=3', AFFINITY_COOKIE)).toBe('api-2');
    expect(readCookie(undefined, AFFINITY_COOKIE)).toBeUndefined();
    expect(sessionIdOf('/socket.io/?EIO=4&transport=polling&sid=abc')).toBe('abc');
    expect(sessionIdOf('/graphql')).toBeUndefined();
    expect(sessionIdInHandshake('0{"sid":"xyz","upgrades":["websocket"]}')).toBe('xyz');
  });

  it('spreads new requests round-robin over ready nodes and forwards bodies', async () => {
    const { base } = await setup();
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push((await get(`${base}/x`)).body.split(':')[0]);
    expect(seen.sort()).toEqual(['n1', 'n1', 'n2', 'n2']);
    const posted = await fetch(`${base}/graphql`, { method: 'POST', body: 'hello' });
    expect((await posted.text()).endsWith(':/graphql:hello')).toBe(true);
  });

  it('skips a node that is not ready', async () => {
    const { base } = await setup([false, true]);
    for (let i = 0; i < 3; i++) expect((await get(`${base}/x`)).body.startsWith('n2:')).toBe(true);
  });

  it('keeps a client on its node by cookie and a socket.io session by sid', async () => {
    const { base } = await setup();
    const first = await get(`${base}/x`);
    const node = first.body.split(':')[0];
    expect(first.cookie).toContain(`${AFFINITY_COOKIE}=${node}`);
    for (let i = 0; i < 3; i++) {
      expect(
        (await get(`${base}/x`, { cookie: `${AFFINITY_COOKIE}=${node}` })).body.startsWith(`${node}:`),
      ).toBe(true);
    }
    const handshake = (await get(`${base}/socket.io/?EIO=4&transport=polling`)).body;
    const sid = sessionIdInHandshake(handshake)!;
    const owner = sid.split('-')[0];
    for (let i = 0; i < 3; i++) {
      const polled = await get(`${base}/socket.io/?EIO=4&transport=polling&sid=${sid}`);
      expect(polled.body.startsWith(`${owner}:`)).toBe(true);
    }
  });

  it('sends requests of a dead node to a live one', async () => {
    const { base, nodes, proxy } = await setup();
    const first = await get(`${base}/x`);
    const pinned = first.body.split(':')[0];
    await nodes.find((n) => n.node.name === pinned)!.close();
    const next = await get(`${base}/x`, { cookie: `${AFFINITY_COOKIE}=${pinned}` });
    expect(next.body.startsWith(pinned)).toBe(false);
    expect(proxy.states().find((s) => s.name === pinned)).toMatchObject({ reachable: false, ready: false });
  });

  it('tunnels upgrades to the chosen node with the client address forwarded', async () => {
    const { port } = await setup();
    const socket = net.connect(port, '127.0.0.1');
    const received = new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.endsWith('ping')) resolve(text);
      });
    });
    socket.write(
      'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nhost: x\r\nconnection: Upgrade\r\nupgrade: echo\r\n\r\n',
    );
    socket.write('ping');
    const text = await received;
    socket.destroy();
    expect(text).toMatch(/^HTTP\/1\.1 101/);
    expect(text).toMatch(/n[12]:127\.0\.0\.1\|ping$/);
  });
});
