import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { newId, RequestContext, Role } from '@service-desk/core';
import { Database, DatabaseModule } from '@service-desk/db';
import { asOwner, createTenantFixture, type TenantFixture } from '@service-desk/testing';
import type pg from 'pg';
import { CampaignsModule } from './campaigns.module.js';
import { CampaignsService } from './campaigns.service.js';
import { WinbackCampaignJob, workerIdentity } from './jobs/winback-campaign.job.js';
import { freezeSegment, type SegmentRequest } from './segment.js';
import { winbackSlot } from './winback-schedule.js';

@Module({ imports: [DatabaseModule.forRoot('campaigns-int-spec'), CampaignsModule] })
class TestModule {}

interface CustomerSpec {
  status?: string;
  consent?: boolean;
  tier?: string;
  lastVisitDaysAgo?: number;
  createdDaysAgo?: number;
}

/** Customers as the owner (status, consent and visits are other features' business; set directly). */
async function addCustomers(tenantId: string, specs: CustomerSpec[]): Promise<string[]> {
  const ids = specs.map(() => newId());
  await asOwner(tenantId, async (client) => {
    for (const [i, spec] of specs.entries()) {
      await client.query(
        `INSERT INTO customers (tenant_id, id, name, tier, consent_to_contact, status, last_visit_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, now() - make_interval(days => $7), now() - make_interval(days => $8))`,
        [
          tenantId,
          ids[i],
          `客户 ${i}`,
          spec.tier ?? 'STANDARD',
          spec.consent ?? true,
          spec.status ?? 'CHURNED',
          spec.lastVisitDaysAgo ?? 200,
          spec.createdDaysAgo ?? 400,
        ],
      );
    }
  });
  return ids;
}

/** Today in the fixtures' time zone (Asia/Shanghai), as YYYY-MM-DD. */
async function storeToday(): Promise<string> {
  const fixture = await todayFixture;
  return asOwner(fixture.tenantId, async (client) => {
    const { rows } = await client.query(`SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date::text AS today`);
    return rows[0].today as string;
  });
}
let todayFixture: Promise<TenantFixture>;

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** A campaign row as launch writes it (launch itself is covered through the API). */
async function addCampaign(
  fixture: TenantFixture,
  options: {
    agents: string[];
    cap: number;
    segment?: SegmentRequest;
    noContactDays?: number;
    startDate?: string;
  },
): Promise<string> {
  const id = newId();
  const startDate = options.startDate ?? (await storeToday());
  await asOwner(fixture.tenantId, (client) =>
    client.query(
      `INSERT INTO campaigns (tenant_id, id, name, segment, agent_ids, daily_cap, no_contact_days, channel, start_date, created_by)
       VALUES ($1, $2, 'Win back', $3, $4, $5, $6, 'PHONE', $7, $8)`,
      [
        fixture.tenantId,
        id,
        JSON.stringify(freezeSegment(options.segment ?? {})),
        options.agents,
        options.cap,
        options.noContactDays ?? 30,
        startDate,
        fixture.users.OWNER.id,
      ],
    ),
  );
  return id;
}

const revisits = (tenantId: string, campaignId: string) =>
  asOwner(tenantId, async (client: pg.Client) => {
    const { rows } = await client.query(
      `SELECT customer_id, assignee_id, type, status, channel,
              to_char(due_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS due_local
       FROM revisit_tasks WHERE tenant_id = $1 AND campaign_id = $2 ORDER BY customer_id`,
      [tenantId, campaignId],
    );
    return rows as Array<{
      customer_id: string;
      assignee_id: string;
      type: string;
      status: string;
      channel: string;
      due_local: string;
    }>;
  });

const campaignRow = (tenantId: string, id: string) =>
  asOwner(tenantId, async (client) => {
    const { rows } = await client.query(
      `SELECT state, targeted_count, scanned_count, progress_cursor FROM campaigns WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return rows[0];
  });

describe('win-back campaign job (database)', () => {
  let app: INestApplicationContext;
  let job: WinbackCampaignJob;
  let service: CampaignsService;

  beforeAll(async () => {
    todayFixture = createTenantFixture();
    app = await NestFactory.createApplicationContext(TestModule, { logger: false });
    job = app.get(WinbackCampaignJob);
    service = app.get(CampaignsService);
  });
  afterAll(() => app?.close());

  it('balances revisits round robin across the pool, caps each agent per day and spreads due dates', async () => {
    const fixture = await createTenantFixture();
    const agents = [fixture.users.AGENT.id, fixture.users.SUPERVISOR.id, fixture.users.OWNER.id];
    const customers = await addCustomers(
      fixture.tenantId,
      Array.from({ length: 30 }, () => ({})),
    );
    const start = await storeToday();
    const id = await addCampaign(fixture, { agents, cap: 4, startDate: start });
    // Batches of 7 customers: the ordinals continue across batches.
    expect(await job.run(fixture.tenantId, id, 7)).toBe('completed');

    const rows = await revisits(fixture.tenantId, id);
    expect(rows.map((r) => r.customer_id)).toEqual([...customers].sort());
    rows.forEach((row, n) => {
      const slot = winbackSlot(n, agents.length, 4);
      expect(row.assignee_id).toBe(agents[slot.agentIndex]);
      expect(row.due_local).toBe(`${addDays(start, slot.dayOffset)} 18:00`);
      expect([row.type, row.status, row.channel]).toEqual(['CHURN_WINBACK', 'PENDING', 'PHONE']);
    });
    const perAgentDay = new Map<string, number>();
    for (const row of rows) {
      const key = `${row.assignee_id} ${row.due_local}`;
      perAgentDay.set(key, (perAgentDay.get(key) ?? 0) + 1);
    }
    expect(Math.max(...perAgentDay.values())).toBe(4);
    const perAgent = agents.map((a) => rows.filter((r) => r.assignee_id === a).length);
    expect(perAgent).toEqual([10, 10, 10]);
    expect(new Set(rows.map((r) => r.due_local))).toEqual(
      new Set([0, 1, 2].map((days) => `${addDays(start, days)} 18:00`)),
    );
    expect(await campaignRow(fixture.tenantId, id)).toMatchObject({
      state: 'COMPLETED',
      targeted_count: 30,
      scanned_count: 30,
    });
  });

  it('targets only consenting customers of the segment with no recent contact', async () => {
    const fixture = await createTenantFixture();
    const [
      eligible,
      gold,
      noConsent,
      active,
      recentTask,
      recentCompletion,
      oldContact,
      newcomer,
      recentVisit,
    ] = await addCustomers(fixture.tenantId, [
      { tier: 'SILVER', lastVisitDaysAgo: 200 },
      { tier: 'GOLD', lastVisitDaysAgo: 200 },
      { consent: false },
      { status: 'ACTIVE' },
      {},
      {},
      {},
      { createdDaysAgo: -1 },
      { lastVisitDaysAgo: 20 },
    ]);
    await asOwner(fixture.tenantId, async (client) => {
      const task = `INSERT INTO revisit_tasks (tenant_id, id, type, customer_id, due_at, status, created_at, completed_at)
                    VALUES ($1, $2, 'MAINTENANCE', $3, now(), $4, now() - make_interval(days => $5), $6)`;
      await client.query(task, [fixture.tenantId, newId(), recentTask, 'PENDING', 10, null]);
      await client.query(task, [
        fixture.tenantId,
        newId(),
        recentCompletion,
        'COMPLETED',
        90,
        new Date(Date.now() - 5 * 86_400_000),
      ]);
      await client.query(task, [
        fixture.tenantId,
        newId(),
        oldContact,
        'COMPLETED',
        90,
        new Date(Date.now() - 60 * 86_400_000),
      ]);
    });
    const id = await addCampaign(fixture, {
      agents: [fixture.users.AGENT.id],
      cap: 50,
      segment: {
        tiers: ['STANDARD', 'SILVER'],
        lastVisitBefore: new Date(Date.now() - 90 * 86_400_000),
      },
    });
    expect(await job.run(fixture.tenantId, id, 100)).toBe('completed');
    const targeted = (await revisits(fixture.tenantId, id)).map((r) => r.customer_id).sort();
    expect(targeted).toEqual([eligible, oldContact].sort());
    for (const excluded of [gold, noConsent, active, recentTask, recentCompletion, newcomer, recentVisit]) {
      expect(targeted).not.toContain(excluded);
    }
  });

  it('filters by spend in the 12 months before launch and by zone visited', async () => {
    const fixture = await createTenantFixture();
    const [bigSpender, smallSpender, oldSpender] = await addCustomers(fixture.tenantId, [{}, {}, {}]);
    const zoneId = newId();
    await asOwner(fixture.tenantId, async (client) => {
      await client.query(`INSERT INTO zones (tenant_id, id, name) VALUES ($1, $2, 'A 栋')`, [
        fixture.tenantId,
        zoneId,
      ]);
      const visit = `INSERT INTO visits (tenant_id, id, customer_id, visited_at, amount, zone_id)
                     VALUES ($1, $2, $3, now() - make_interval(days => $4), $5, $6)`;
      await client.query(visit, [fixture.tenantId, newId(), bigSpender, 200, 300, zoneId]);
      await client.query(visit, [fixture.tenantId, newId(), bigSpender, 250, 250, null]);
      await client.query(visit, [fixture.tenantId, newId(), smallSpender, 200, 100, zoneId]);
      await client.query(visit, [fixture.tenantId, newId(), oldSpender, 500, 9000, null]);
    });
    const bySpend = await addCampaign(fixture, {
      agents: [fixture.users.AGENT.id],
      cap: 10,
      segment: { minSpendLast12Months: 500 },
    });
    await job.run(fixture.tenantId, bySpend, 10);
    expect((await revisits(fixture.tenantId, bySpend)).map((r) => r.customer_id)).toEqual([bigSpender]);

    // A second campaign: the first one's revisits are recent contact, so allow it (0 days).
    const byZone = await addCampaign(fixture, {
      agents: [fixture.users.AGENT.id],
      cap: 10,
      segment: { zoneId },
      noContactDays: 0,
    });
    await job.run(fixture.tenantId, byZone, 10);
    expect((await revisits(fixture.tenantId, byZone)).map((r) => r.customer_id).sort()).toEqual(
      [bigSpender, smallSpender].sort(),
    );
  });

  it('resumes from the cursor, and the unique index holds when a cursor advance is lost', async () => {
    const fixture = await createTenantFixture();
    await addCustomers(
      fixture.tenantId,
      Array.from({ length: 25 }, (_, i) => ({ consent: i % 5 !== 0 })),
    );
    const id = await addCampaign(fixture, { agents: [fixture.users.AGENT.id], cap: 100 });
    // One batch, as if the worker then died.
    const db = app.get(Database);
    const first = await db.asTenant({ tenantId: fixture.tenantId }, (tx) => job.runBatch(tx, id, 10));
    expect(first).toMatchObject({ scanned: 10, created: 8, done: false });
    expect(await campaignRow(fixture.tenantId, id)).toMatchObject({ state: 'RUNNING', targeted_count: 8 });

    expect(await job.run(fixture.tenantId, id, 10)).toBe('completed');
    expect(await revisits(fixture.tenantId, id)).toHaveLength(20);
    expect(await job.run(fixture.tenantId, id, 10)).toBe('finished-before');

    // Rewind the campaign entirely: every insert conflicts, nobody gets a second revisit.
    await asOwner(fixture.tenantId, (client) =>
      client.query(
        `UPDATE campaigns SET state = 'RUNNING', progress_cursor = NULL WHERE tenant_id = $1 AND id = $2`,
        [fixture.tenantId, id],
      ),
    );
    expect(await job.run(fixture.tenantId, id, 10)).toBe('completed');
    const rows = await revisits(fixture.tenantId, id);
    expect(rows).toHaveLength(20);
    expect(new Set(rows.map((r) => r.customer_id)).size).toBe(20);
  });

  it('waits for the start date: a campaign starting tomorrow creates nothing yet', async () => {
    const fixture = await createTenantFixture();
    await addCustomers(fixture.tenantId, [{}, {}]);
    const id = await addCampaign(fixture, {
      agents: [fixture.users.AGENT.id],
      cap: 10,
      startDate: addDays(await storeToday(), 1),
    });
    expect(await job.run(fixture.tenantId, id, 10)).toBe('not-due');
    expect(await job.resumeUnfinished(fixture.tenantId)).toBe(0);
    expect(await revisits(fixture.tenantId, id)).toEqual([]);
    expect(await campaignRow(fixture.tenantId, id)).toMatchObject({ state: 'QUEUED', targeted_count: 0 });
  });

  it('leaves a campaign to the worker whose lease is fresh, and takes it over once the lease ran out', async () => {
    const fixture = await createTenantFixture();
    await addCustomers(fixture.tenantId, [{}, {}, {}]);
    const id = await addCampaign(fixture, { agents: [fixture.users.AGENT.id], cap: 10 });
    const lease = (secondsAgo: number) =>
      asOwner(fixture.tenantId, (client) =>
        client.query(
          `UPDATE campaigns SET state = 'RUNNING', runner = 'another-worker', runner_seen_at = now() - make_interval(secs => $3)
           WHERE tenant_id = $1 AND id = $2`,
          [fixture.tenantId, id, secondsAgo],
        ),
      );
    await lease(5);
    expect(await job.run(fixture.tenantId, id, 10)).toBe('busy');
    expect(await revisits(fixture.tenantId, id)).toEqual([]);
    await lease(3600);
    expect(await job.run(fixture.tenantId, id, 10)).toBe('completed');
    expect(await revisits(fixture.tenantId, id)).toHaveLength(3);
    const [{ runner }] = await asOwner(
      fixture.tenantId,
      async (client) =>
        (
          await client.query(`SELECT runner FROM campaigns WHERE tenant_id = $1 AND id = $2`, [
            fixture.tenantId,
            id,
          ])
        ).rows,
    );
    expect(runner).toBe(workerIdentity());
  });

  it('two workers running the same campaign at once create each revisit once', async () => {
    const fixture = await createTenantFixture();
    await addCustomers(
      fixture.tenantId,
      Array.from({ length: 60 }, () => ({})),
    );
    const id = await addCampaign(fixture, { agents: [fixture.users.AGENT.id], cap: 100 });
    const outcomes = await Promise.all([job.run(fixture.tenantId, id, 5), job.run(fixture.tenantId, id, 5)]);
    expect(outcomes).toContain('completed');
    const rows = await revisits(fixture.tenantId, id);
    expect(rows).toHaveLength(60);
    expect(new Set(rows.map((r) => r.customer_id)).size).toBe(60);
  });

  it('computes targeted, reached, won back and rate from revisits and visits', async () => {
    const fixture = await createTenantFixture();
    const customers = await addCustomers(
      fixture.tenantId,
      Array.from({ length: 8 }, () => ({})),
    );
    const id = await addCampaign(fixture, { agents: [fixture.users.AGENT.id], cap: 100 });
    await job.run(fixture.tenantId, id, 100);
    const [c0, c1, c2, c3, c4] = [...customers].sort();
    await asOwner(fixture.tenantId, async (client) => {
      const complete = `UPDATE revisit_tasks SET status = $3, completed_at = now() - make_interval(days => $4)
                        WHERE tenant_id = $1 AND campaign_id = $5 AND customer_id = $2`;
      await client.query(complete, [fixture.tenantId, c0, 'COMPLETED', 40, id]); // visit 10 days after: won back
      await client.query(complete, [fixture.tenantId, c1, 'COMPLETED', 40, id]); // visit 35 days after: too late
      await client.query(complete, [fixture.tenantId, c2, 'COMPLETED', 5, id]); // visit before: not won back
      await client.query(complete, [fixture.tenantId, c3, 'COMPLETED', 2, id]); // visit yesterday: won back
      await client.query(complete, [fixture.tenantId, c4, 'UNREACHABLE', 3, id]); // visit after, but not reached
      const visit = `INSERT INTO visits (tenant_id, id, customer_id, visited_at, amount) VALUES ($1, $2, $3, now() - make_interval(days => $4), 50)`;
      await client.query(visit, [fixture.tenantId, newId(), c0, 30]);
      await client.query(visit, [fixture.tenantId, newId(), c1, 5]);
      await client.query(visit, [fixture.tenantId, newId(), c2, 10]);
      await client.query(visit, [fixture.tenantId, newId(), c3, 1]);
      await client.query(visit, [fixture.tenantId, newId(), c4, 1]);
    });
    const campaign = await RequestContext.run(
      {
        requestId: 'figures',
        actor: {
          userId: fixture.users.OWNER.id,
          tenantId: fixture.tenantId,
          chainId: fixture.chainId,
          role: Role.OWNER,
        },
      },
      () => service.get(id),
    );
    expect(campaign).toMatchObject({
      state: 'COMPLETED',
      targeted: 8,
      reached: 4,
      wonBack: 2,
      winBackRate: 0.25,
    });
  });
});
