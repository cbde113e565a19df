import { requestLoader } from '@service-desk/core';
import type { ApiRequest } from '@service-desk/auth';
import type { Database } from '@service-desk/db';
import { In } from 'typeorm';
import { contactVisibility, toCustomerObject } from './contact-visibility.js';
import { CustomerEntity } from './customer.entity.js';
import type { CustomerObject } from './customer.object.js';

/** Loads customers of the caller's tenant by id, masked for the caller's role, batched per request. */
export function loadCustomer(
  req: ApiRequest,
  db: Database,
  id: string | null,
): Promise<CustomerObject | null> | null {
  const actor = req.actor;
  if (!id || !actor) return null;
  return requestLoader<string, CustomerObject | null>(req, 'customersById', (ids) =>
    db.asTenant({ tenantId: actor.tenantId }, async (tx) => {
      const rows = await tx.findBy(CustomerEntity, { tenantId: actor.tenantId, id: In([...ids]) });
      const visibility = contactVisibility(actor.role);
      const byId = new Map(rows.map((row) => [row.id, toCustomerObject(row, visibility)]));
      return ids.map((key) => byId.get(key) ?? null);
    }),
  ).load(id);
}
