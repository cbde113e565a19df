import type { INestApplicationContext } from '@nestjs/common';
import { type Actor, RequestContext, Role } from '@service-desk/core';
import { PeriodsService, ScorecardJob, ScorecardsService } from '@service-desk/performance';
import pg from 'pg';
// The demo reuses the row builders of the performance tests for past desk activity.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { PerformanceRows } from '../../libs/performance/src/testing/performance-rows.js';
import type { SeededTenant } from './foundation.js';

const as = <T>(actor: Actor, work: () => Promise<T>) =>
  RequestContext.run({ requestId: 'seed', actor }, work);

const ymd = (date: Date) => date.toISOString().slice(0, 10);
const at = (year: number, month: number, day: number, hour: number) =>
  new Date(Date.UTC(year, month, day, hour)).toISOString();

/**
 * Review periods per demo tenant: last month, complete, with desk activity, behaviour ratings and
 * published scorecards; this month with draft scorecards (DESIGN section 6.6).
 */
export async function seedPerformance(
  app: INestApplicationContext,
  ownerUrl: string,
  tenant: SeededTenant,
): Promise<void> {
  const now = new Date();
  const last = { year: now.getUTCFullYear(), month: now.getUTCMonth() - 1 };
  const lastStart = new Date(Date.UTC(last.year, last.month, 1));
  const lastEnd = new Date(Date.UTC(last.year, last.month + 1, 0));
  const thisStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const thisEnd = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0));
  const y = lastStart.getUTCFullYear();
  const m = lastStart.getUTCMonth();

  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  let hr: Actor;
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ id: string }>(
      `SELECT id FROM users WHERE tenant_id = $1 AND role = 'HR' ORDER BY id LIMIT 1`,
      [tenant.tenantId],
    );
    hr = { userId: rows[0].id, tenantId: tenant.tenantId, chainId: tenant.owner.chainId, role: Role.HR };
    const data = new PerformanceRows(client, tenant.tenantId);
    // Last month: the agent answers mostly on time, the supervisor revisits, field staff attend orders.
    for (let day = 2; day <= 20; day += 2) {
      const late = day % 6 === 0;
      const complaint = await data.complaint({
        handlerId: tenant.agent.userId!,
        receivedAt: at(y, m, day, 2),
        firstReplyDueAt: at(y, m, day + 1, 2),
        acknowledgedAt: at(y, m, late ? day + 1 : day, late ? 6 : 4),
        resolutionDueAt: at(y, m, day + 2, 2),
        resolvedAt: at(y, m, late ? day + 3 : day + 1, 9),
      });
      await data.promise({
        complaintId: complaint,
        promisedBy: tenant.agent.userId!,
        dueAt: at(y, m, day + 1, 2),
        ...(late ? { brokenAt: at(y, m, day + 1, 3) } : { keptAt: at(y, m, day, 4) }),
      });
      await data.revisit({
        type: 'COMPLAINT',
        assigneeId: tenant.supervisor.userId!,
        complaintId: complaint,
        customerId: tenant.customerIds[day % tenant.customerIds.length] ?? null,
        status: 'COMPLETED',
        dueAt: at(y, m, day + 8, 2),
        completedAt: at(y, m, day + (late ? 9 : 7), 2),
        satisfaction: late ? 3 : 5,
      });
    }
    const { rows: zones } = await client.query<{ id: string }>(
      `SELECT id FROM zones WHERE tenant_id = $1 ORDER BY name LIMIT 1`,
      [tenant.tenantId],
    );
    const zoneId = zones[0]?.id ?? (await data.zone('Demo zone'));
    for (const [index, field] of tenant.field.entries()) {
      for (let day = 3; day <= 24; day += 3) {
        const late = (day + index * 3) % 9 === 0;
        await data.workOrder({
          zoneId,
          assigneeId: field.userId!,
          onsiteDueAt: at(y, m, day, 4),
          startedAt: at(y, m, day, late ? 7 : 3),
          completedAt: at(y, m, day, 9),
        });
      }
    }
    const { rows: scales } = await client.query<{ id: string }>(
      `SELECT id FROM bars_scales WHERE tenant_id = $1 AND active ORDER BY position, dimension`,
      [tenant.tenantId],
    );
    const scaleIds = scales.length > 0 ? scales.map((s) => s.id) : [await data.barsScale('LISTENING', 1)];
    const staff = [tenant.agent, ...tenant.field];
    for (const [i, person] of staff.entries()) {
      for (const [j, scale] of scaleIds.entries()) {
        const level = Math.min(5, Math.max(1, 4 - i + (j % 2)));
        await data.rating(person.userId!, scale, level, tenant.supervisor.userId!, at(y, m, 25, 2));
      }
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    await client.end();
  }

  const periods = app.get(PeriodsService);
  const cards = app.get(ScorecardsService);
  const job = app.get(ScorecardJob);
  const past = await as(tenant.owner, () =>
    periods.create({ label: ymd(lastStart).slice(0, 7), startsOn: ymd(lastStart), endsOn: ymd(lastEnd) }),
  );
  const current = await as(tenant.owner, () =>
    periods.create({ label: ymd(thisStart).slice(0, 7), startsOn: ymd(thisStart), endsOn: ymd(thisEnd) }),
  );
  await job.run(tenant.tenantId, past.id);
  await job.run(tenant.tenantId, current.id);
  for (const person of [tenant.agent, ...tenant.field]) {
    await as(tenant.supervisor, () => cards.submit({ periodId: past.id, staffId: person.userId! }));
  }
  await as(tenant.owner, () => cards.submit({ periodId: past.id, staffId: tenant.supervisor.userId! }));
  await as(hr, () => cards.publish(past.id));
}
