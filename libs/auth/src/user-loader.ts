import { requestLoader } from '@service-desk/core';
import type { Database } from '@service-desk/db';
import { In } from 'typeorm';
import { toUserObject } from './mappers.js';
import { UserEntity } from './user.entity.js';
import type { UserObject } from './user.object.js';
import type { ApiRequest } from './auth.guard.js';

/** Loads users of the caller's tenant by id, batched per request (one query per page, not per row). */
export function loadUser(
  req: ApiRequest,
  db: Database,
  id: string | null,
): Promise<UserObject | null> | null {
  const tenantId = req.actor?.tenantId;
  if (!id || !tenantId) return null;
  return requestLoader<string, UserObject | null>(req, 'usersById', (ids) =>
    db.asTenant({ tenantId }, async (tx) => {
      const users = await tx.findBy(UserEntity, { tenantId, id: In([...ids]) });
      const byId = new Map(users.map((user) => [user.id, toUserObject(user)]));
      return ids.map((key) => byId.get(key) ?? null);
    }),
  ).load(id);
}
