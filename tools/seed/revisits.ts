import type { INestApplicationContext } from '@nestjs/common';
import { type Actor, RequestContext, Role } from '@service-desk/core';
import { Database } from '@service-desk/db';
import { WorkOrdersService } from '@service-desk/dispatch';
import { RevisitChannel, RevisitSchedulerJob, RevisitsService } from '@service-desk/revisits';
import type { SeededTenant } from './foundation.js';

interface Task {
  id: string;
  type: string;
  assignee_id: string | null;
  role: Role | null;
}

/**
 * Revisits of every type for a demo tenant: a few purchases make AFTER_SALES revisits, premium members
 * get MAINTENANCE ones, closed complaints and work orders are audited (SUPERVISORY), all through the
 * real scheduler;
 * then some are completed, one customer is unreachable and some are overdue.
 */
export async function seedRevisits(app: INestApplicationContext, tenant: SeededTenant): Promise<void> {
  const db = app.get(Database);
  const revisits = app.get(RevisitsService);
  const scope = { tenantId: tenant.tenantId };
  await db.asTenant(scope, async (tx) => {
    await tx.query(
      `INSERT INTO visits (tenant_id, id, customer_id, visited_at, amount, zone_id, external_ref, note)
       SELECT app_tenant_id(), uuidv7(), c.id, now() - make_interval(days => c.n::int), 80 + c.n * 25,
         (SELECT id FROM zones WHERE tenant_id = app_tenant_id() ORDER BY name LIMIT 1), 'seed-revisits-' || c.n, 'Demo purchase'
       FROM (SELECT id, row_number() OVER (ORDER BY member_number) AS n FROM customers
             WHERE tenant_id = app_tenant_id() AND consent_to_contact AND tier <> 'PREMIUM') c
       WHERE c.n <= 5
       ON CONFLICT DO NOTHING`,
    );
    // Audit every closed complaint of the demo once; the usual share applies afterwards.
    await tx.query(
      `INSERT INTO revisit_settings (tenant_id, supervisory_share) VALUES (app_tenant_id(), 1)
       ON CONFLICT (tenant_id) DO UPDATE SET supervisory_share = 1`,
    );
  });
  // The front desk confirms finished work orders with the customer (消单), which makes them auditable.
  const done: Array<{ id: string }> = await db.asTenant(scope, (tx) =>
    tx.query(`SELECT id FROM work_orders WHERE tenant_id = app_tenant_id() AND state = 'DONE' ORDER BY id`),
  );
  for (const order of done) {
    await RequestContext.run({ requestId: 'seed', actor: tenant.agent }, () =>
      app.get(WorkOrdersService).close(order.id),
    );
  }
  await app.get(RevisitSchedulerJob).run(tenant.tenantId);
  const tasks: Task[] = await db.asTenant(scope, async (tx) => {
    await tx.query(`UPDATE revisit_settings SET supervisory_share = 0.1 WHERE tenant_id = app_tenant_id()`);
    return tx.query(
      `SELECT r.id, r.type, r.assignee_id, u.role FROM revisit_tasks r
       LEFT JOIN users u ON u.tenant_id = r.tenant_id AND u.id = r.assignee_id
       WHERE r.tenant_id = app_tenant_id() AND r.status = 'PENDING' ORDER BY r.type, r.due_at, r.id`,
    );
  });

  const actorFor = (task: Task): Actor =>
    task.assignee_id && task.role
      ? {
          userId: task.assignee_id,
          tenantId: tenant.tenantId,
          chainId: tenant.owner.chainId,
          role: task.role,
        }
      : task.type === 'SUPERVISORY'
        ? tenant.supervisor
        : tenant.agent;
  const as = <T>(actor: Actor, work: () => Promise<T>) =>
    RequestContext.run({ requestId: 'seed', actor }, work);
  const complete = async (task: Task, satisfaction: number, notes: string) => {
    const actor = actorFor(task);
    await as(actor, () =>
      revisits.logAttempt({ revisitId: task.id, channel: RevisitChannel.PHONE, reached: true, note: '接通' }),
    );
    await as(actor, () =>
      revisits.complete({
        revisitId: task.id,
        satisfaction,
        notes,
        surveyAnswers: [
          { question: '您对我们的服务满意吗？ Are you satisfied with our service?', answer: '满意 Yes' },
          { question: '还有什么建议？ Any suggestions?', answer: 'Longer opening hours' },
        ],
      }),
    );
  };
  const unreachable = async (task: Task) => {
    for (let attempt = 0; attempt < 3; attempt++) {
      await as(actorFor(task), () =>
        revisits.logAttempt({
          revisitId: task.id,
          channel: attempt === 2 ? RevisitChannel.SMS : RevisitChannel.PHONE,
          reached: false,
          note: '无人接听 No answer',
        }),
      );
    }
  };
  const overdue: string[] = [];
  const byType = (type: string) => tasks.filter((task) => task.type === type);

  const [sold1, sold2] = byType('AFTER_SALES');
  if (sold1) await complete(sold1, 5, 'Product works well; customer thanked us.');
  if (sold2) overdue.push(sold2.id);
  const [member1, member2, member3] = byType('MAINTENANCE');
  if (member1) await complete(member1, 4, '会员对新服务很感兴趣 Interested in the new services.');
  if (member2) await unreachable(member2);
  if (member3) overdue.push(member3.id);
  const audits = byType('SUPERVISORY');
  if (audits.length > 1) await complete(audits[0], 3, 'Handling was correct; reply came late.');
  if (audits.length) overdue.push(audits[audits.length - 1].id);
  const complaintRevisit = byType('COMPLAINT')[0];
  if (complaintRevisit) overdue.push(complaintRevisit.id);

  await db.asTenant(scope, (tx) =>
    tx.query(
      `UPDATE revisit_tasks SET due_at = now() - interval '1 day' WHERE tenant_id = app_tenant_id() AND id = ANY($1)`,
      [overdue],
    ),
  );
}
