import type { INestApplicationContext } from '@nestjs/common';
import { type Actor, RequestContext } from '@service-desk/core';
import { GoodwillPostingJob, LoyaltyNightlyJob, PointsService, VisitsService } from '@service-desk/loyalty';
import type { SeededTenant } from './foundation.js';

const DAY = 86_400_000;

/** Visit patterns that make the churn job show every status; [days ago of each visit, amount]. */
function history(i: number, now: number): Array<[Date, number]> {
  const visits = (count: number, lastDaysAgo: number, gapDays: number, amount: number) =>
    Array.from({ length: count }, (_, k): [Date, number] => [
      new Date(now - (lastDaysAgo + k * gapDays) * DAY - (i % 7) * 3_600_000),
      amount + ((i * 13 + k * 7) % 40),
    ]);
  switch (i % 6) {
    case 0: // a weekly regular: ACTIVE
      return visits(12, 2, 7, 180);
    case 1: // a monthly visitor absent 75 days: AT_RISK (2 x 30-day gap)
      return visits(6, 75, 30, 90);
    case 2: // stopped four months ago after fortnightly visits: CHURNED
      return visits(8, 130, 14, 60);
    case 3: // a premium member: big weekly spend, over 20000 in 12 months
      return visits(12, 3, 7, 1800);
    case 4: // a single visit 40 days ago: AT_RISK by the 30-day floor
      return visits(1, 40, 0, 120);
    default: // registered, never visited: stays as is
      return [];
  }
}

/**
 * Demo loyalty data per tenant: visit histories imported from a till CSV (so the nightly churn job
 * marks some customers AT_RISK and CHURNED), points earned on the visits, a few redemptions, the
 * goodwill points of resolved complaints, then tiers and churn as the nightly job computes them.
 */
export async function seedLoyalty(app: INestApplicationContext, tenant: SeededTenant): Promise<void> {
  const visits = app.get(VisitsService);
  const points = app.get(PointsService);
  const as = <T>(actor: Actor, work: () => Promise<T>) =>
    RequestContext.run({ requestId: 'seed', actor }, work);
  const now = Date.now();
  const lines = ['customerId,visitedAt,amount,externalRef'];
  const earned = new Map<string, number>();
  tenant.customerIds.forEach((customerId, i) => {
    history(i, now).forEach(([at, amount], k) => {
      lines.push(`${customerId},${at.toISOString()},${amount.toFixed(2)},${tenant.slug}-till-${i}-${k}`);
      earned.set(customerId, (earned.get(customerId) ?? 0) + Math.floor(amount));
    });
  });
  const report = await as(tenant.owner, () => visits.import(lines.join('\n')));
  if (report.errors.length > 0) throw new Error(`demo visits refused: ${JSON.stringify(report.errors)}`);

  for (const [index, [customerId, total]] of [...earned].entries()) {
    await as(tenant.agent, () =>
      points.earn({
        customerId,
        points: total,
        idempotencyKey: `seed-earn-${customerId}`,
        reason: 'Points on purchases',
      }),
    );
    if (index % 3 === 0)
      await as(tenant.agent, () =>
        points.redeem({
          customerId,
          points: Math.floor(total / 4),
          idempotencyKey: `seed-redeem-${customerId}`,
          reason: '兑换礼品 Gift',
        }),
      );
  }
  await as(tenant.supervisor, () =>
    points.adjust({
      customerId: tenant.customerIds[0],
      points: 100,
      reason: 'Welcome bonus missed at the till',
      idempotencyKey: `seed-adjust-${tenant.slug}`,
    }),
  );
  await app.get(GoodwillPostingJob).run(tenant.tenantId);
  const nightly = app.get(LoyaltyNightlyJob);
  await nightly.recalculateTiers(tenant.tenantId);
  await nightly.detectChurn(tenant.tenantId);
}
