import type { INestApplicationContext } from '@nestjs/common';
import { CampaignChannel, CampaignsService, WinbackCampaignJob } from '@service-desk/campaigns';
import { RequestContext } from '@service-desk/core';
import { Database } from '@service-desk/db';
import type { SeededTenant } from './foundation.js';

/** How long ago the demo campaign ran, so that its revisits have had time to win customers back. */
const DAYS_AGO = 40;

/**
 * One finished win-back campaign per demo tenant: the last 16 customers stopped visiting (churned, with
 * old visits), the supervisor launched a campaign and its job gave each consenting one a revisit; the
 * campaign is then shifted 40 days into the past, some revisits completed (reached), one customer
 * unreachable, and two reached customers came back within 30 days (won back).
 */
export async function seedCampaigns(app: INestApplicationContext, tenant: SeededTenant): Promise<void> {
  const db = app.get(Database);
  const churned = tenant.customerIds.slice(-16);
  await db.asTenant({ tenantId: tenant.tenantId }, async (tx) => {
    await tx.query(
      `INSERT INTO visits (tenant_id, id, customer_id, visited_at, amount, note)
       SELECT app_tenant_id(), gen_random_uuid(), c.id, now() - make_interval(days => 150 + n * 30 + c.ord::int), 80 + n * 40,
              'demo: visits before churning'
       FROM unnest($1::uuid[]) WITH ORDINALITY AS c (id, ord) CROSS JOIN generate_series(0, 2) AS n`,
      [churned],
    );
    await tx.query(
      `UPDATE customers c SET status = 'CHURNED', status_changed_at = now() - interval '60 days',
         visit_count = v.n, last_visit_at = v.last, updated_at = now()
       FROM (SELECT customer_id, count(*)::int AS n, max(visited_at) AS last FROM visits
             WHERE tenant_id = app_tenant_id() AND customer_id = ANY($1) GROUP BY customer_id) v
       WHERE c.tenant_id = app_tenant_id() AND c.id = v.customer_id`,
      [churned],
    );
  });

  const campaign = await RequestContext.run({ requestId: 'seed', actor: tenant.supervisor }, () =>
    app.get(CampaignsService).launchWinback({
      name: '流失会员回访 Win back churned members',
      dailyCapPerAgent: 5,
      noContactDays: 30,
      channel: CampaignChannel.PHONE,
      idempotencyKey: 'demo-winback-1',
    }),
  );
  await app.get(WinbackCampaignJob).run(tenant.tenantId, campaign.id);

  await db.asTenant({ tenantId: tenant.tenantId }, async (tx) => {
    const shift = `make_interval(days => ${DAYS_AGO})`;
    await tx.query(
      `UPDATE campaigns SET launched_at = launched_at - ${shift}, started_at = started_at - ${shift},
         completed_at = completed_at - ${shift}, start_date = start_date - ${DAYS_AGO}
       WHERE tenant_id = app_tenant_id() AND id = $1`,
      [campaign.id],
    );
    await tx.query(
      `UPDATE revisit_tasks SET created_at = created_at - ${shift}, updated_at = updated_at - ${shift},
         due_at = due_at - ${shift}
       WHERE tenant_id = app_tenant_id() AND campaign_id = $1`,
      [campaign.id],
    );
    // Outcomes: the first five reached (one of them twice satisfied), the sixth unreachable.
    const tasks: Array<{ id: string; customer_id: string }> = await tx.query(
      `SELECT id, customer_id FROM revisit_tasks WHERE tenant_id = app_tenant_id() AND campaign_id = $1 ORDER BY customer_id`,
      [campaign.id],
    );
    const reached = tasks.slice(0, 5);
    await tx.query(
      `UPDATE revisit_tasks SET status = 'COMPLETED', attempts = 1, satisfaction = 4,
         notes = '已联系，邀请回店体验新服务 Invited back for the new service',
         completed_at = now() - make_interval(days => ${DAYS_AGO - 2}), updated_at = now() - make_interval(days => ${DAYS_AGO - 2})
       WHERE tenant_id = app_tenant_id() AND id = ANY($1)`,
      [reached.map((t) => t.id)],
    );
    if (tasks[5]) {
      await tx.query(
        `UPDATE revisit_tasks SET status = 'UNREACHABLE', attempts = 3, updated_at = now() - make_interval(days => ${DAYS_AGO - 5})
         WHERE tenant_id = app_tenant_id() AND id = $1`,
        [tasks[5].id],
      );
    }
    // Two reached customers came back within 30 days of the call: won back.
    const wonBack = reached.slice(0, 2).map((t) => t.customer_id);
    await tx.query(
      `INSERT INTO visits (tenant_id, id, customer_id, visited_at, amount, note)
       SELECT app_tenant_id(), gen_random_uuid(), id, now() - make_interval(days => ${DAYS_AGO - 12}), 168, 'demo: came back after the win-back call'
       FROM unnest($1::uuid[]) AS id`,
      [wonBack],
    );
    await tx.query(
      `UPDATE customers SET status = 'WON_BACK', status_changed_at = now() - make_interval(days => ${DAYS_AGO - 12}),
         last_visit_at = now() - make_interval(days => ${DAYS_AGO - 12}), visit_count = visit_count + 1, updated_at = now()
       WHERE tenant_id = app_tenant_id() AND id = ANY($1)`,
      [wonBack],
    );
  });
}
