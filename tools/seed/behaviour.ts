import type { INestApplicationContext } from '@nestjs/common';
import { type Actor, RequestContext } from '@service-desk/core';
import { Database } from '@service-desk/db';
import {
  BarsScalesService,
  BehaviourEvidenceService,
  BosService,
  IncidentKind,
  PairedComparisonsService,
} from '@service-desk/performance';
import type { SeededTenant } from './foundation.js';

const HOUR = 3_600_000;

/** BOS items: observable behaviours from the manual, rated by frequency. */
const BOS_ITEMS = [
  '主动问候每一位来访业主 Greets every visitor first',
  '接待投诉时先道歉再了解情况 Apologises first, then asks what happened',
  '按约定时间回复业主 Replies at the time agreed',
  '完成工单后回复前台消单 Reports back to the front desk when an order is done',
];

/**
 * Behaviour evidence for the demo tenant: the default BARS scales and some BOS items (owner), critical
 * incidents and ratings for the field staff by their supervisor (they work in the supervisor's
 * zones), the agent's by the owner, and a finished paired comparison of the front line.
 */
export async function seedBehaviour(app: INestApplicationContext, tenant: SeededTenant): Promise<void> {
  const scales = app.get(BarsScalesService);
  const evidence = app.get(BehaviourEvidenceService);
  const bos = app.get(BosService);
  const paired = app.get(PairedComparisonsService);
  const as = <T>(actor: Actor, work: () => Promise<T>) =>
    RequestContext.run({ requestId: 'seed', actor }, work);
  const [field1, field2] = tenant.field.map((actor) => actor.userId as string);
  const agent = tenant.agent.userId as string;

  const complaints = await app.get(Database).asTenant({ tenantId: tenant.tenantId }, async (tx) => {
    const rows: Array<{ id: string; title: string }> = await tx.query(
      `SELECT id, title FROM complaints WHERE tenant_id = app_tenant_id()`,
    );
    return new Map(rows.map((row) => [row.title, row.id]));
  });

  const dimensions = new Map(
    (await as(tenant.owner, () => scales.adoptDefaults())).map((scale) => [scale.dimension, scale.id]),
  );
  const items: string[] = [];
  for (const behavior of BOS_ITEMS)
    items.push((await as(tenant.owner, () => bos.createItem({ behavior }))).id);

  const incident = (
    actor: Actor,
    staffId: string,
    kind: IncidentKind,
    description: string,
    hoursAgo: number,
    complaintTitle?: string,
  ) =>
    as(actor, () =>
      evidence.recordIncident({
        staffId,
        kind,
        description,
        occurredAt: new Date(Date.now() - hoursAgo * HOUR),
        complaintId: complaintTitle ? (complaints.get(complaintTitle) ?? null) : null,
        idempotencyKey: `seed-${tenant.slug}-${staffId}-${hoursAgo}`,
      }),
    );
  const rate = (
    actor: Actor,
    staffId: string,
    dimension: string,
    level: number,
    comment: string,
    incidentIds: string[] = [],
  ) =>
    as(actor, () =>
      evidence.rate({ staffId, scaleId: dimensions.get(dimension) as string, level, comment, incidentIds }),
    );

  const leak = await incident(
    tenant.supervisor,
    field1,
    IncidentKind.POSITIVE,
    '接到前台派工后15分钟到场，找到漏水点并向业主说明原因，完成后回复前台消单。 On site 15 minutes after dispatch, found the leak, explained the cause to the owner and reported back to the front desk.',
    30,
    'Water leak in Building E',
  );
  const missed = await incident(
    tenant.supervisor,
    field2,
    IncidentKind.NEGATIVE,
    '承诺下午三点上门检查空调，未到也未通知业主。 Promised to check the air conditioner at 15:00, did not come and did not tell the owner.',
    50,
  );
  const calmed = await incident(
    tenant.owner,
    agent,
    IncidentKind.POSITIVE,
    '把情绪激动的顾客请到安静的办公室，先道歉再了解情况，当场约定回复时间。 Took an upset customer to a quiet office, apologised first, then listened and agreed a reply time.',
    20,
    'Rude cashier',
  );

  await rate(tenant.supervisor, field1, 'RESPONSIVENESS', 4, '派工后立即到场。 Went on site at once.', [
    leak.id,
  ]);
  await rate(
    tenant.supervisor,
    field1,
    'PRODUCT_KNOWLEDGE',
    4,
    '现场判断漏水原因。 Diagnosed the leak on site.',
    [leak.id],
  );
  await rate(tenant.supervisor, field2, 'KEEPING_COMMITMENTS', 1, '上门时间落空。 Missed the visit time.', [
    missed.id,
  ]);
  await rate(tenant.supervisor, field2, 'EMPATHY', 3, '态度良好。 Polite and apologetic.');
  await rate(
    tenant.owner,
    agent,
    'LISTENING',
    5,
    '顾客情绪激动时仍耐心倾听。 Listened patiently to an upset customer.',
    [calmed.id],
  );
  await rate(tenant.owner, agent, 'EMPATHY', 4, '先道歉再处理。 Apologised first.', [calmed.id]);

  for (const [staffId, frequencies] of [
    [field1, [4, 5, 4, 5]],
    [field2, [3, 3, 2, 3]],
  ] as const) {
    for (const [i, frequency] of frequencies.entries())
      await as(tenant.supervisor, () => bos.rateFrequency({ staffId, itemId: items[i], frequency }));
  }

  const session = await as(tenant.owner, () =>
    paired.start({ name: '一线员工本季度 Front line this quarter', staffIds: [agent, field1, field2] }),
  );
  for (const [first, second, winner] of [
    [agent, field1, field1],
    [agent, field2, agent],
    [field1, field2, field1],
  ]) {
    await as(tenant.owner, () =>
      paired.judge({ sessionId: session.id, firstStaffId: first, secondStaffId: second, winnerId: winner }),
    );
  }
}
