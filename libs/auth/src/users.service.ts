import { Injectable } from '@nestjs/common';
import {
  badInput,
  conflict,
  Cursor,
  newId,
  notFound,
  RequestContext,
  requireId,
  Role,
  toConnection,
} from '@service-desk/core';
import { Database } from '@service-desk/db';
import { EventLog } from '@service-desk/events';
import type { EntityManager } from 'typeorm';
import type { CreateUserInput, UpdateUserInput } from './dto/create-user.input.js';
import { toUserObject } from './mappers.js';
import { hashPassword } from './passwords.js';
import { uniqueViolation } from './unique-violation.js';
import { UserEntity } from './user.entity.js';
import type { UserConnection, UserObject } from './user.object.js';

export interface UserFilter {
  role?: Role | null;
  active?: boolean | null;
  first: number;
  after?: string | null;
}

@Injectable()
export class UsersService {
  constructor(
    private readonly db: Database,
    private readonly events: EventLog,
  ) {}

  async create(input: CreateUserInput): Promise<UserObject> {
    if (input.role === Role.HQ_ADMIN) throw badInput('HQ_ADMIN is not a tenant role');
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.db.transaction(async (tx) => {
        if (input.idempotencyKey) {
          const existing = await tx.findOneBy(UserEntity, {
            tenantId: RequestContext.actor().tenantId,
            idempotencyKey: input.idempotencyKey,
          });
          if (existing) return toUserObject(existing);
        }
        return toUserObject(
          await this.insert(tx, RequestContext.actor().tenantId, { ...input, passwordHash }),
        );
      });
    } catch (error) {
      if (uniqueViolation(error) === 'users_email_key')
        throw conflict('A user with this e-mail already exists');
      throw error;
    }
  }

  /** Inserts a user and its event inside the caller's transaction (also used by tenant provisioning). */
  async insert(
    tx: EntityManager,
    tenantId: string,
    input: { email: string; displayName: string; role: Role; passwordHash: string; idempotencyKey?: string },
  ): Promise<UserEntity> {
    const id = newId();
    await tx.query(
      `INSERT INTO users (tenant_id, id, email, display_name, role, password_hash, idempotency_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        tenantId,
        id,
        input.email.trim(),
        input.displayName.trim(),
        input.role,
        input.passwordHash,
        input.idempotencyKey ?? null,
      ],
    );
    await this.events.append(tx, {
      type: 'user.created',
      entity: { kind: 'user', id },
      data: { role: input.role },
    });
    return tx.findOneByOrFail(UserEntity, { tenantId, id });
  }

  async update(input: UpdateUserInput): Promise<UserObject> {
    const id = requireId(input.id, 'User id');
    const actor = RequestContext.actor();
    if (input.role === Role.HQ_ADMIN) throw badInput('HQ_ADMIN is not a tenant role');
    if (id === actor.userId && input.role && input.role !== Role.OWNER)
      throw badInput('You cannot change your own role');
    return this.db.transaction(async (tx) => {
      const user = await this.find(tx, id);
      const changes: Partial<UserEntity> = {};
      if (input.displayName !== undefined) changes.displayName = input.displayName.trim();
      if (input.role) changes.role = input.role;
      if (Object.keys(changes).length === 0) return toUserObject(user);
      await tx.update(UserEntity, { tenantId: actor.tenantId, id }, changes);
      await this.events.append(tx, {
        type: 'user.updated',
        entity: { kind: 'user', id },
        data: { role: changes.role ?? user.role },
      });
      return toUserObject(await this.find(tx, id));
    });
  }

  /** Deactivating also revokes every refresh token; access tokens stop working at the next request. */
  async setActive(rawId: string, active: boolean): Promise<UserObject> {
    const id = requireId(rawId, 'User id');
    const actor = RequestContext.actor();
    if (id === actor.userId) throw badInput('You cannot change your own activation');
    return this.db.transaction(async (tx) => {
      const user = await this.find(tx, id);
      if (user.active === active) return toUserObject(user);
      await tx.update(UserEntity, { tenantId: actor.tenantId, id }, { active });
      if (!active) {
        await tx.query(
          'UPDATE refresh_tokens SET revoked_at = now() WHERE tenant_id = app_tenant_id() AND user_id = $1 AND revoked_at IS NULL',
          [id],
        );
      }
      await this.events.append(tx, {
        type: active ? 'user.reactivated' : 'user.deactivated',
        entity: { kind: 'user', id },
      });
      return toUserObject(await this.find(tx, id));
    });
  }

  list(filter: UserFilter): Promise<UserConnection> {
    const [afterName, afterId] = filter.after
      ? (Cursor.decode(filter.after, 2) as [string, string])
      : [null, null];
    return this.db.transaction(async (tx) => {
      const query = tx
        .createQueryBuilder(UserEntity, 'u')
        .where('u.tenantId = app_tenant_id()')
        .orderBy('u.displayName')
        .addOrderBy('u.id')
        .limit(filter.first + 1);
      if (filter.role) query.andWhere('u.role = :role', { role: filter.role });
      if (filter.active !== null && filter.active !== undefined)
        query.andWhere('u.active = :active', { active: filter.active });
      if (afterName !== null)
        query.andWhere('(u.displayName, u.id) > (:afterName, :afterId)', { afterName, afterId });
      const rows = await query.getMany();
      const connection = toConnection(rows.map(toUserObject), filter.first, (u) => [u.displayName, u.id]);
      return connection;
    });
  }

  async get(rawId: string): Promise<UserObject> {
    const id = requireId(rawId, 'User id');
    return this.db.transaction(async (tx) => toUserObject(await this.find(tx, id)));
  }

  private async find(tx: EntityManager, id: string): Promise<UserEntity> {
    const user = await tx.findOneBy(UserEntity, { tenantId: RequestContext.actor().tenantId, id });
    if (!user) throw notFound('User');
    return user;
  }
}
