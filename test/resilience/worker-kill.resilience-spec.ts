import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '@service-desk/core';
import { ownerUrl, PGBOSS_SCHEMA, Queue } from '@service-desk/db';
import { asOwner } from '@service-desk/testing';
import pg from 'pg';
import { type ApiHarness, startApi } from '../support/api.js';
import {
  eventually,
  jobStateOf,
  type Proc,
  range,
  sendJob,
  startProcess,
  stopProcess,
  WORKER_MAIN,
} from './support.js';

/**
 * DESIGN sections 7 and 10: a worker SIGKILLed in the middle of an SLA-monitor run. Two tenants get the
 * same complaints with the same ages. Tenant A's monitor runs uninterrupted. Tenant B's run is caught
 * half-way (its warning is written, its breach step waits for a row the test holds) and the worker is
 * SIGKILLed; the next run, in a fresh worker, must leave B exactly as A: the same events (types, order,
 * payloads, no seq gap) and the same complaint flags, escalations and handlers.
 */
let api: ApiHarness;
const workers: Proc[] = [];
const outputs = () => workers.map((w) => `--- ${w.name}:\n${w.output()}`).join('\n');

function startWorker(name: string): Proc {
  const url = new URL(ownerUrl());
  url.searchParams.set('application_name', name);
  const worker = startProcess(name, WORKER_MAIN, { DATABASE_URL: url.toString() });
  workers.push(worker);
  return worker;
}

async function ownerQuery<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: ownerUrl() });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const sendMonitorJob = (tenantId: string) => sendJob(Queue.SlaMonitor, { tenantId });
const jobState = (id: string) => jobStateOf(Queue.SlaMonitor, id);

async function waitForJob(id: string): Promise<void> {
  await eventually(
    `SLA monitor job ${id} to complete`,
    async () => {
      for (const worker of workers.filter((w) => !w.killed)) {
        if (worker.exited()) throw new Error(`${worker.name} exited:\n${outputs()}`);
      }
      const state = await jobState(id);
      if (state === 'failed') throw new Error(`job ${id} failed:\n${outputs()}`);
      return state === 'completed';
    },
    120_000,
    outputs,
  );
}

beforeAll(async () => {
  api = await startApi();
});

afterAll(async () => {
  await Promise.all(workers.map((worker) => stopProcess(worker)));
  await api?.close();
});

/** The complaints of the scenario: title → hours since it was received (defaults: 24 h reply, 48 h resolution). */
const AGES: Record<string, number> = {
  'past 80 % of the first-reply time': 20,
  'past the first-reply deadline': 30,
  'past the first-reply deadline and 80 % of the resolution time': 40,
  'just received': 0,
};

async function prepareTenant() {
  const t = await api.tenant();
  const agent = await t.token(Role.AGENT);
  const ids: Record<string, string> = {};
  for (const title of Object.keys(AGES)) {
    const result = await api.gql(
      'mutation($input: SubmitComplaintInput!) { submitComplaint(input: $input) { id } }',
      {
        input: {
          contactName: '李女士',
          contactPhone: '13800001111',
          channel: 'PHONE',
          category: 'SERVICE_ATTITUDE',
          title,
          description: '等待时间过长',
        },
      },
      agent,
    );
    if (!result.data) throw new Error(JSON.stringify(result.errors));
    ids[title] = result.data.submitComplaint.id;
  }
  await asOwner(t.tenantId, async (client) => {
    for (const [title, hours] of Object.entries(AGES)) {
      await client.query(
        `UPDATE complaints SET received_at = received_at - make_interval(hours => $3), clock_started_at = clock_started_at - make_interval(hours => $3),
           first_reply_due_at = first_reply_due_at - make_interval(hours => $3), first_reply_warn_at = first_reply_warn_at - make_interval(hours => $3),
           resolution_due_at = resolution_due_at - make_interval(hours => $3), resolution_warn_at = resolution_warn_at - make_interval(hours => $3)
         WHERE tenant_id = $1 AND id = $2`,
        [t.tenantId, ids[title], hours],
      );
    }
  });
  return { t, ids };
}

type Prepared = Awaited<ReturnType<typeof prepareTenant>>;

/** The tenant's SLA outcome with ids replaced by titles and roles, and times left out. */
async function outcome({ t, ids }: Prepared) {
  const titleOf = new Map(Object.entries(ids).map(([title, id]) => [id, title]));
  const roleOf = new Map(Object.values(t.users).map((user) => [user.id, user.role]));
  return asOwner(t.tenantId, async (client) => {
    const events = await client.query<{
      seq: string;
      type: string;
      entity_id: string;
      data: Record<string, unknown>;
    }>(`SELECT seq, type, entity_id, data FROM tenant_events WHERE tenant_id = $1 ORDER BY seq`, [
      t.tenantId,
    ]);
    const complaints = await client.query(
      `SELECT c.id, c.state, c.escalation_level, c.handler_id,
              c.first_reply_warned_at IS NOT NULL AS first_reply_warned, c.first_reply_breached_at IS NOT NULL AS first_reply_breached,
              c.resolution_warned_at IS NOT NULL AS resolution_warned, c.resolution_breached_at IS NOT NULL AS resolution_breached,
              (SELECT count(*)::int FROM complaint_escalations e WHERE e.tenant_id = c.tenant_id AND e.complaint_id = c.id) AS escalations
       FROM complaints c WHERE c.tenant_id = $1`,
      [t.tenantId],
    );
    return {
      seqs: events.rows.map((row) => Number(row.seq)),
      events: events.rows.map((row) => ({
        type: row.type,
        complaint: titleOf.get(row.entity_id) ?? row.entity_id,
        data: Object.fromEntries(
          Object.entries(row.data)
            .filter(([key]) => !/At$/.test(key))
            .map(([key, value]) => [
              key,
              typeof value === 'string' && roleOf.has(value) ? roleOf.get(value) : value,
            ]),
        ),
      })),
      complaints: complaints.rows
        .map(({ id, handler_id, ...flags }) => ({
          complaint: titleOf.get(id),
          handler: roleOf.get(handler_id),
          ...flags,
        }))
        .sort((a, b) => String(a.complaint).localeCompare(String(b.complaint))),
    };
  });
}

describe('worker SIGKILLed in the middle of an SLA-monitor run', () => {
  it('leaves nothing half-done; the next run produces exactly what an uninterrupted run does', async () => {
    const a = await prepareTenant();
    const b = await prepareTenant();
    const breachedTitle = 'past the first-reply deadline';
    const untouched = await outcome(b);

    // Tenant B: hold one complaint its breach step must update (before any worker runs), then run.
    const holder = new pg.Client({ connectionString: ownerUrl() });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT id FROM complaints WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [
        b.t.tenantId,
        b.ids[breachedTitle],
      ]);
      const [{ pid: holderPid }] = (await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))
        .rows;
      const first = startWorker('resilience-worker-1');
      await sendMonitorJob(b.t.tenantId);
      // Mid-run: the warning step is done (in the run's transaction) and the breach step waits for the row.
      await eventually(
        "the worker's run of tenant B to wait in its breach step",
        async () => {
          const rows = await ownerQuery(
            `SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND $2 = ANY(pg_blocking_pids(pid))
               AND query LIKE '%sla.breached%'`,
            ['resilience-worker-1', holderPid],
          );
          return rows.length === 1;
        },
        120_000,
        outputs,
      );
      const [{ active }] = await ownerQuery<{ active: number }>(
        `SELECT count(*)::int AS active FROM ${PGBOSS_SCHEMA}.job WHERE name = $1 AND state = 'active' AND data->>'tenantId' = $2`,
        [Queue.SlaMonitor, b.t.tenantId],
      );
      expect(active).toBeGreaterThanOrEqual(1);
      first.killed = true;
      first.child.kill('SIGKILL');
      await eventually('the worker to be gone', () => first.exited());
    } finally {
      await holder.query('COMMIT').catch(() => undefined);
      await holder.end();
    }
    // The orphaned server session ends once it sees its client is gone; its transaction rolls back.
    await eventually('the killed run to be rolled back', async () => {
      const rows = await ownerQuery(
        `SELECT 1 FROM pg_stat_activity WHERE application_name = 'resilience-worker-1'`,
      );
      return rows.length === 0;
    });
    const interrupted = await outcome(b);
    expect(interrupted).toEqual(untouched);
    expect(interrupted.events.map((event) => event.type)).not.toContain('sla.warning');

    // A fresh worker: tenant A's run, uninterrupted, and tenant B's next run (sent here as the every-minute
    // schedule's fan-out would send it).
    startWorker('resilience-worker-2');
    await waitForJob(await sendMonitorJob(a.t.tenantId));
    await waitForJob(await sendMonitorJob(b.t.tenantId));
    const expected = await outcome(a);
    expect(expected.events.map((event) => event.type)).toEqual(
      expect.arrayContaining(['sla.warning', 'sla.breached', 'complaint.escalated']),
    );
    const actual = await outcome(b);
    expect(actual.events).toEqual(expected.events);
    expect(actual.complaints).toEqual(expected.complaints);
    expect(actual.seqs).toEqual(range(1, actual.seqs.length));
  }, 400_000);
});
