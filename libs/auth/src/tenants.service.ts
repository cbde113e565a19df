import { Injectable } from '@nestjs/common';
import { badInput, conflict, Cursor, newId, RequestContext, Role, toConnection } from '@service-desk/core';
import { Database } from '@service-desk/db';
import { EventLog } from '@service-desk/events';
import type { CreateTenantInput } from './dto/create-tenant.input.js';
import { toTenantObject } from './mappers.js';
import { hashPassword } from './passwords.js';
import { TenantEntity } from './tenant.entity.js';
import { uniqueViolation } from './unique-violation.js';
import type { TenantConnection, TenantObject } from './user.object.js';
import { UsersService } from './users.service.js';

const TIME_ZONES = new Set(Intl.supportedValuesOf('timeZone').concat('UTC'));

export const isTimeZone = (zone: string): boolean => TIME_ZONES.has(zone);

@Injectable()
export class TenantsService {
  constructor(
    private readonly db: Database,
    private readonly users: UsersService,
    private readonly events: EventLog,
  ) {}

  /** HQ provisions a franchisee with its first owner, in one transaction scoped to the new tenant. */
  async create(input: CreateTenantInput): Promise<TenantObject> {
    const actor = RequestContext.actor();
    if (!isTimeZone(input.timeZone)) throw badInput(`Unknown time zone: ${input.timeZone}`);
    const passwordHash = await hashPassword(input.owner.password);
    const tenantId = newId();
    try {
      return await this.db.asTenant({ tenantId }, async (tx) => {
        await tx.insert(TenantEntity, {
          id: tenantId,
          chainId: actor.chainId,
          kind: 'STORE',
          slug: input.slug,
          name: input.name.trim(),
          timeZone: input.timeZone,
        });
        await this.users.insert(tx, tenantId, { ...input.owner, role: Role.OWNER, passwordHash });
        await this.events.append(tx, {
          type: 'tenant.created',
          entity: { kind: 'tenant', id: tenantId },
          data: { slug: input.slug },
        });
        return toTenantObject(await tx.findOneByOrFail(TenantEntity, { id: tenantId }));
      });
    } catch (error) {
      const constraint = uniqueViolation(error);
      if (constraint === 'tenants_slug_key') throw conflict(`The slug ${input.slug} is taken`);
      if (constraint === 'users_email_key') throw conflict('A user with the owner e-mail already exists');
      throw error;
    }
  }

  /** The stores of the HQ admin's chain. */
  list(first: number, after?: string | null): Promise<TenantConnection> {
    const actor = RequestContext.actor();
    const [afterSlug] = after ? (Cursor.decode(after, 1) as [string]) : [null];
    return this.db.asTenant({ tenantId: actor.tenantId, chainId: actor.chainId }, async (tx) => {
      const query = tx
        .createQueryBuilder(TenantEntity, 't')
        .where("t.chainId = :chainId AND t.kind = 'STORE'", { chainId: actor.chainId })
        .orderBy('t.slug')
        .limit(first + 1);
      if (afterSlug !== null) query.andWhere('t.slug > :afterSlug', { afterSlug });
      return toConnection((await query.getMany()).map(toTenantObject), first, (t) => [t.slug]);
    });
  }
}
