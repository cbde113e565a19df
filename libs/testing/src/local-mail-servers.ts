// Real local servers for notification tests: an SMTP sink and an SMS gateway on ephemeral ports (loopback only).
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelopeTo: string[];
  parsed: ParsedMail;
  messageId: string | undefined;
}

export interface SmtpSink {
  url: string;
  received: ReceivedMail[];
  /** Answers the next `count` deliveries with `451` (a temporary failure). */
  failNext(count: number): void;
  close(): Promise<void>;
}

/** An SMTP server that keeps what it receives; optionally fails deliveries first. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  let failures = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          if (failures > 0) {
            failures--;
            callback(Object.assign(new Error('4.3.0 Sink is busy, try later'), { responseCode: 451 }));
            return;
          }
          const header = parsed.headers.get('x-service-desk-message');
          received.push({
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            parsed,
            messageId: typeof header === 'string' ? header : undefined,
          });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    failNext(count) {
      failures = count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface GatewayRequest {
  headers: IncomingHttpHeaders;
  body: { to: string; text: string; reference: string };
}

export interface SmsGateway {
  url: string;
  requests: GatewayRequest[];
  failNext(count: number): void;
  close(): Promise<void>;
}

/** An HTTP SMS gateway that records the JSON it is sent. */
export async function startSmsGateway(): Promise<SmsGateway> {
  const requests: GatewayRequest[] = [];
  let failures = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (failures > 0) {
        failures--;
        response.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"busy"}');
        return;
      }
      requests.push({ headers: request.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ id: `sms-${requests.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/send`,
    requests,
    failNext(count) {
      failures = count;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // fetch keeps connections alive; drop them so the server (and the test process) can stop.
        server.closeAllConnections();
      }),
  };
}
