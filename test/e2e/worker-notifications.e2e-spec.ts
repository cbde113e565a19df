import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newId, Role } from '@service-desk/core';
import { PGBOSS_SCHEMA, Queue } from '@service-desk/db';
import { asOwner, type SmtpSink, startSmtpSink } from '@service-desk/testing';
import nodemailer from 'nodemailer';
import PgBoss from 'pg-boss';
import { type ApiHarness, startApi } from '../support/api.js';
import { acquireWorkerLock, releaseWorkerLock, WORKER_LOCK_TIMEOUT } from '../support/worker-lock.js';

/**
 * The real worker process with mail configured: its intake listener turns a customer's e-mail into a
 * complaint, and once staff acknowledge it through the API, the worker's notification job e-mails the
 * acknowledgement to that customer through a local SMTP server.
 */
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const WORKER = join(repoRoot, 'dist', 'apps', 'worker', 'src', 'main.js');
const DOMAIN = 'intake.worker.test';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/**
 * How long the worker may take. Its every-minute schedules fan out one job per store tenant in the
 * database (every test file adds some), and ours may queue behind those.
 */
async function budgetMs(): Promise<number> {
  const [{ n }] = await asOwner(
    newId(),
    async (c) =>
      (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM tenants WHERE kind = 'STORE'`)).rows,
  );
  return 90_000 + 500 * n;
}

let worker: ChildProcess;
let output = '';

async function eventually(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (worker.exitCode !== null || worker.signalCode !== null)
      throw new Error(`the worker exited while waiting for ${what}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${output}`);
    await sleep(250);
  }
}

// Worker processes of other test files must not take this file's jobs (see worker-lock.ts).
beforeAll(() => acquireWorkerLock(), WORKER_LOCK_TIMEOUT);

describe('worker: notifications and e-mail intake', () => {
  let api: ApiHarness;
  let sink: SmtpSink;
  let intakePort: number;

  beforeAll(async () => {
    [api, sink, intakePort] = await Promise.all([startApi(), startSmtpSink(), freePort()]);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      LOG_LEVEL: 'warn',
      SMTP_URL: sink.url,
      MAIL_FROM: 'Store <store@example.com>',
      INBOUND_SMTP_PORT: String(intakePort),
      INBOUND_SMTP_HOST: '127.0.0.1',
      INBOUND_MAIL_DOMAIN: DOMAIN,
    };
    delete env.NODE_OPTIONS;
    worker = spawn(process.execPath, [WORKER], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    worker.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    worker.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  });

  afterAll(async () => {
    if (worker && worker.exitCode === null && worker.signalCode === null) {
      let timer: NodeJS.Timeout | undefined;
      const exited = new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        timer = setTimeout(resolve, 15_000);
      });
      worker.kill('SIGTERM');
      await exited;
      clearTimeout(timer);
      if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
    }
    await Promise.all([api?.close(), sink?.close()]);
  });

  it('takes a complaint by e-mail and e-mails the acknowledgement back', async () => {
    const tenant = await api.tenant();
    const client = nodemailer.createTransport({
      host: '127.0.0.1',
      port: intakePort,
      secure: false,
      ignoreTLS: true,
    });
    await eventually(
      'the intake listener',
      () =>
        client.verify().then(
          () => true,
          () => false,
        ),
      120_000,
    );
    const customer = `guest-${Date.now().toString(36)}@example.com`;
    await client.sendMail({
      from: `张先生 <${customer}>`,
      to: `${tenant.slug}@${DOMAIN}`,
      subject: '泳池水很脏',
      text: '今天下午泳池水很浑浊。',
    });
    client.close();
    const [complaint] = await asOwner(
      tenant.tenantId,
      async (c) =>
        (
          await c.query(`SELECT id, tracking_code, channel FROM complaints WHERE tenant_id = $1`, [
            tenant.tenantId,
          ])
        ).rows,
    );
    expect(complaint.channel).toBe('EMAIL');

    const acknowledged = await api.gql(
      'mutation($input: AcknowledgeComplaintInput!) { acknowledgeComplaint(input: $input) { state } }',
      {
        input: {
          complaintId: complaint.id,
          promisedReplyAt: new Date(Date.now() + 6 * 3_600_000).toISOString(),
        },
      },
      await tenant.token(Role.AGENT),
    );
    expect(acknowledged.data?.acknowledgeComplaint.state).toBe('ACKNOWLEDGED');

    // Instead of waiting for the every-minute schedule, hand the worker this tenant's job now.
    const boss = new PgBoss({
      connectionString: process.env.DATABASE_URL,
      schema: PGBOSS_SCHEMA,
      supervise: false,
      schedule: false,
      migrate: false,
    });
    boss.on('error', () => undefined);
    await boss.start();
    try {
      // Ahead of the per-minute fan-out to every other tenant of the test database.
      expect(
        await boss.send(Queue.NotificationProducer, { tenantId: tenant.tenantId }, { priority: 10 }),
      ).toBeTruthy();
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
    await eventually(
      'the acknowledgement e-mail',
      async () => sink.received.some((mail) => mail.envelopeTo.includes(customer)),
      await budgetMs(),
    );
    const mail = sink.received.find((m) => m.envelopeTo.includes(customer))!;
    expect(mail.parsed.subject).toContain(complaint.tracking_code);
    expect(mail.parsed.text).toContain(complaint.tracking_code);
    expect(mail.parsed.from?.value[0]?.address).toBe('store@example.com');
    // Replying to it reaches the store's intake mailbox, with the tracking code in the subject.
    expect(mail.parsed.replyTo?.value[0]?.address).toBe(`${tenant.slug}@${DOMAIN}`);
    const [message] = await asOwner(
      tenant.tenantId,
      async (c) =>
        (
          await c.query(`SELECT status, attempts FROM outbound_messages WHERE tenant_id = $1`, [
            tenant.tenantId,
          ])
        ).rows,
    );
    expect(message).toEqual({ status: 'SENT', attempts: 1 });
  }, 600_000);
});

// Declared last, so it runs after every other hook has stopped this file's workers.
afterAll(() => releaseWorkerLock());
