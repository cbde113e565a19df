import { Injectable } from '@nestjs/common';
import {
  conflict,
  Cursor,
  newId,
  notFound,
  RequestContext,
  requireId,
  toConnection,
} from '@service-desk/core';
import { Database } from '@service-desk/db';
import { EventLog } from '@service-desk/events';
import { QueryFailedError, type EntityManager } from 'typeorm';
import { contactVisibility, normalizePhone, toCustomerObject } from './contact-visibility.js';
import { CustomerEntity } from './customer.entity.js';
import {
  ContactVisibility,
  type CustomerConnection,
  type CustomerContact,
  type CustomerObject,
  type CustomerStatusEnum,
  type Tier,
} from './customer.object.js';
import type { CreateCustomerInput, UpdateCustomerInput } from './dto/create-customer.input.js';

export interface CustomerSearch {
  search?: string | null;
  tier?: Tier | null;
  status?: CustomerStatusEnum | null;
  first: number;
  after?: string | null;
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

@Injectable()
export class CustomersService {
  constructor(
    private readonly db: Database,
    private readonly events: EventLog,
  ) {}

  async create(input: CreateCustomerInput): Promise<CustomerObject> {
    const actor = RequestContext.actor();
    try {
      return await this.db.transaction(async (tx) => {
        if (input.idempotencyKey) {
          const existing = await tx.findOneBy(CustomerEntity, {
            tenantId: actor.tenantId,
            idempotencyKey: input.idempotencyKey,
          });
          if (existing) return this.present(existing);
        }
        const id = newId();
        await tx.insert(CustomerEntity, {
          tenantId: actor.tenantId,
          id,
          name: input.name.trim(),
          phone: input.phone ? normalizePhone(input.phone) : null,
          email: input.email?.trim() ?? null,
          memberNumber: input.memberNumber ?? null,
          address: input.address?.trim() || null,
          tier: input.tier ?? 'STANDARD',
          consentToContact: input.consentToContact ?? false,
          status: 'ACTIVE',
          idempotencyKey: input.idempotencyKey ?? null,
          createdBy: actor.userId,
        });
        await this.events.append(tx, {
          type: 'customer.created',
          entity: { kind: 'customer', id },
          data: { tier: input.tier ?? 'STANDARD' },
        });
        return this.present(await this.find(tx, id));
      });
    } catch (error) {
      throw this.translate(error);
    }
  }

  async update(input: UpdateCustomerInput): Promise<CustomerObject> {
    const id = requireId(input.id, 'Customer id');
    const actor = RequestContext.actor();
    try {
      return await this.db.transaction(async (tx) => {
        await this.find(tx, id, true);
        const changes: Partial<CustomerEntity> = {};
        if (input.name !== undefined) changes.name = input.name.trim();
        if (input.phone !== undefined) changes.phone = input.phone ? normalizePhone(input.phone) : null;
        if (input.email !== undefined) changes.email = input.email?.trim() ?? null;
        if (input.memberNumber !== undefined) changes.memberNumber = input.memberNumber;
        if (input.address !== undefined) changes.address = input.address?.trim() || null;
        if (input.tier !== undefined) changes.tier = input.tier;
        if (input.consentToContact !== undefined) changes.consentToContact = input.consentToContact;
        if (Object.keys(changes).length > 0) {
          await tx.update(CustomerEntity, { tenantId: actor.tenantId, id }, changes);
          await this.events.append(tx, {
            type: 'customer.updated',
            entity: { kind: 'customer', id },
            data: { fields: Object.keys(changes).sort() },
          });
        }
        return this.present(await this.find(tx, id));
      });
    } catch (error) {
      throw this.translate(error);
    }
  }

  async get(rawId: string): Promise<CustomerObject> {
    const id = requireId(rawId, 'Customer id');
    return this.db.transaction(async (tx) => this.present(await this.find(tx, id)));
  }

  /** Keyset-paginated by name. Searching by phone or member number is only for roles that see them. */
  search(query: CustomerSearch): Promise<CustomerConnection> {
    const visibility = contactVisibility(RequestContext.actor().role);
    const [afterName, afterId] = query.after
      ? (Cursor.decode(query.after, 2) as [string, string])
      : [null, null];
    return this.db.transaction(async (tx) => {
      const builder = tx
        .createQueryBuilder(CustomerEntity, 'c')
        .where('c.tenantId = app_tenant_id()')
        .orderBy('c.name')
        .addOrderBy('c.id')
        .limit(query.first + 1);
      const text = query.search?.trim();
      if (text) {
        const like = `%${escapeLike(text)}%`;
        if (visibility === ContactVisibility.FULL) {
          const digits = normalizePhone(text);
          builder.andWhere(
            `(c.name ILIKE :like OR c.memberNumber ILIKE :like ${/^\+?\d{3,}$/.test(digits) ? 'OR c.phone LIKE :phone' : ''})`,
            { like, phone: `%${escapeLike(digits)}%` },
          );
        } else {
          builder.andWhere('c.name ILIKE :like', { like });
        }
      }
      if (query.tier) builder.andWhere('c.tier = :tier', { tier: query.tier });
      if (query.status) builder.andWhere('c.status = :status', { status: query.status });
      if (afterName !== null)
        builder.andWhere('(c.name, c.id) > (:afterName, :afterId)', { afterName, afterId });
      const rows = await builder.getMany();
      return toConnection(
        rows.map((row) => toCustomerObject(row, visibility)),
        query.first,
        (c) => [c.name, c.id],
      );
    });
  }

  /** HR sees contact data masked; revealing it in full is allowed but written to the audit log. */
  async revealContact(rawId: string, reason: string): Promise<CustomerContact> {
    const id = requireId(rawId, 'Customer id');
    return this.db.transaction(async (tx) => {
      const customer = await this.find(tx, id);
      await this.events.append(tx, {
        type: 'customer.contact_revealed',
        entity: { kind: 'customer', id },
        data: { reason },
      });
      return { customerId: id, phone: customer.phone, email: customer.email };
    });
  }

  private present(customer: CustomerEntity): CustomerObject {
    return toCustomerObject(customer, contactVisibility(RequestContext.actor().role));
  }

  private async find(tx: EntityManager, id: string, lock = false): Promise<CustomerEntity> {
    const customer = await tx.findOne(CustomerEntity, {
      where: { tenantId: RequestContext.actor().tenantId, id },
      lock: lock ? { mode: 'pessimistic_write' } : undefined,
    });
    if (!customer) throw notFound('Customer');
    return customer;
  }

  private translate(error: unknown): unknown {
    if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
      const constraint = (error.driverError as { constraint?: string }).constraint ?? '';
      if (constraint.includes('member_number'))
        return conflict('Another customer has this membership number');
      return conflict('Customer already exists');
    }
    return error;
  }
}
