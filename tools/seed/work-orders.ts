import type { INestApplicationContext } from '@nestjs/common';
import { type Actor, RequestContext } from '@service-desk/core';
import { Database } from '@service-desk/db';
import { Priority, WorkOrderSource, WorkOrdersService } from '@service-desk/dispatch';
import type { SeededTenant } from './foundation.js';

/** Open, assigned, in-progress and done work orders per demo tenant, one of them for a complaint. */
export async function seedWorkOrders(app: INestApplicationContext, tenant: SeededTenant): Promise<void> {
  const orders = app.get(WorkOrdersService);
  const as = <T>(actor: Actor, work: () => Promise<T>) =>
    RequestContext.run({ requestId: 'seed', actor }, work);
  const { zones, leak } = await app.get(Database).asTenant({ tenantId: tenant.tenantId }, async (tx) => ({
    zones: new Map<string, string>(
      (await tx.query(`SELECT id, name FROM zones WHERE tenant_id = app_tenant_id()`)).map(
        (z: { id: string; name: string }) => [z.name, z.id],
      ),
    ),
    leak: (
      await tx.query(
        `SELECT id FROM complaints WHERE tenant_id = app_tenant_id() AND title = 'Water leak in Building E'`,
      )
    )[0]?.id as string | undefined,
  }));
  const [field1, field2] = tenant.field;
  const create = (
    zone: string,
    priority: Priority,
    location: string,
    description: string,
    extra: Record<string, unknown> = {},
  ) =>
    as(tenant.agent, () =>
      orders.create({
        source: WorkOrderSource.CALL,
        zoneId: zones.get(zone) as string,
        priority,
        location,
        description,
        ...extra,
      }),
    );

  await create(
    'Building A',
    Priority.P2,
    'A 电梯 Elevator 2',
    '电梯按钮失灵 Elevator button does not light up',
  );
  const leakOrder = await create(
    'Building E',
    Priority.P1,
    'E lobby ceiling',
    'Water dripping from the lobby ceiling',
    {
      ...(leak ? { source: WorkOrderSource.COMPLAINT, complaintId: leak } : {}),
      assigneeId: field1.userId,
    },
  );
  await as(field1, () => orders.accept(leakOrder.id));
  await as(field1, () => orders.start(leakOrder.id));
  await create('Garden', Priority.P3, 'Garden fountain', '喷泉水泵不工作 Fountain pump not working', {
    assigneeId: field2.userId,
  });
  const railing = await create('Building B', Priority.P4, 'B stairwell 3F', 'Repaint the stair railing', {
    assigneeId: field1.userId,
  });
  await as(field1, () => orders.accept(railing.id));
  await as(field1, () => orders.start(railing.id));
  await as(field1, () =>
    orders.complete({ workOrderId: railing.id, report: 'Sanded and repainted, dry by tomorrow' }),
  );
}
