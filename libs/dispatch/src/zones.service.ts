import { Injectable } from '@nestjs/common';
import { uniqueViolation } from '@service-desk/auth';
import {
  badInput,
  conflict,
  Cursor,
  isUuid,
  newId,
  notFound,
  requireId,
  toConnection,
} from '@service-desk/core';
import { Database } from '@service-desk/db';
import { EventLog } from '@service-desk/events';
import type { EntityManager } from 'typeorm';
import type { CreateZoneInput, UpdateZoneInput } from './dto/zone.input.js';
import type { ZoneConnection, ZoneObject } from './zone.object.js';

export interface ZoneRow {
  id: string;
  name: string;
  description: string | null;
  responsible_id: string | null;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

export const toZoneObject = (row: ZoneRow): ZoneObject => ({
  id: row.id,
  name: row.name,
  description: row.description,
  responsibleId: row.responsible_id,
  active: row.active,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const ZONE_NAME_TAKEN = 'zones_tenant_id_name_key';

/** Zones of the tenant and their responsible person. Each change writes a `zone.*` event. */
@Injectable()
export class ZonesService {
  constructor(
    private readonly db: Database,
    private readonly events: EventLog,
  ) {}

  async create(input: CreateZoneInput): Promise<ZoneObject> {
    const responsibleId = input.responsibleId ? requireId(input.responsibleId, 'Responsible id') : null;
    return this.translate(() =>
      this.db.transaction(async (tx) => {
        if (responsibleId) await requireActiveUser(tx, responsibleId);
        const [row]: ZoneRow[] = await tx.query(
          `INSERT INTO zones (tenant_id, id, name, description, responsible_id)
           VALUES (app_tenant_id(), $1, $2, $3, $4) RETURNING *`,
          [newId(), input.name.trim(), input.description?.trim() || null, responsibleId],
        );
        await this.events.append(tx, {
          type: 'zone.created',
          entity: { kind: 'zone', id: row.id },
          data: { name: row.name, responsibleId: row.responsible_id, active: row.active },
        });
        return toZoneObject(row);
      }),
    );
  }

  async update(input: UpdateZoneInput): Promise<ZoneObject> {
    const id = requireId(input.zoneId, 'Zone id');
    const responsibleId =
      input.responsibleId === undefined
        ? undefined
        : input.responsibleId && requireId(input.responsibleId, 'Responsible id');
    return this.translate(() =>
      this.db.transaction(async (tx) => {
        const [zone]: ZoneRow[] = await tx.query(
          `SELECT * FROM zones WHERE tenant_id = app_tenant_id() AND id = $1 FOR UPDATE`,
          [id],
        );
        if (!zone) throw notFound('Zone');
        const changes: Record<string, unknown> = {};
        if (input.name !== undefined && input.name !== null && input.name.trim() !== zone.name)
          changes.name = input.name.trim();
        if (input.description !== undefined && (input.description?.trim() || null) !== zone.description)
          changes.description = input.description?.trim() || null;
        if (responsibleId !== undefined && (responsibleId || null) !== zone.responsible_id) {
          if (responsibleId) await requireActiveUser(tx, responsibleId);
          changes.responsible_id = responsibleId || null;
        }
        if (input.active !== undefined && input.active !== null && input.active !== zone.active)
          changes.active = input.active;
        const fields = Object.keys(changes);
        if (fields.length === 0) return toZoneObject(zone);
        // TypeORM answers an UPDATE with [rows, rowCount].
        const [[row]]: [ZoneRow[], number] = await tx.query(
          `UPDATE zones SET ${fields.map((field, i) => `${field} = $${i + 2}`).join(', ')}, updated_at = now()
           WHERE tenant_id = app_tenant_id() AND id = $1 RETURNING *`,
          [id, ...fields.map((field) => changes[field])],
        );
        await this.events.append(tx, {
          type: 'zone.updated',
          entity: { kind: 'zone', id },
          data: {
            fields: fields.map((field) => (field === 'responsible_id' ? 'responsibleId' : field)).sort(),
            name: row.name,
            responsibleId: row.responsible_id,
            active: row.active,
          },
        });
        return toZoneObject(row);
      }),
    );
  }

  /** Zones by name; keyset-paginated on (name, id). */
  list(filter: { active?: boolean | null; first: number; after?: string | null }): Promise<ZoneConnection> {
    const [afterName, afterId] = filter.after ? Cursor.decode(filter.after, 2) : [null, null];
    if (filter.after && (typeof afterName !== 'string' || typeof afterId !== 'string' || !isUuid(afterId)))
      throw badInput('Malformed cursor');
    return this.db.transaction(async (tx) => {
      const rows: ZoneRow[] = await tx.query(
        `SELECT * FROM zones
         WHERE tenant_id = app_tenant_id() AND ($1::boolean IS NULL OR active = $1)
           AND ($2::text IS NULL OR (name, id) > ($2::text, $3::uuid))
         ORDER BY name, id LIMIT $4`,
        [filter.active ?? null, afterName, afterId, filter.first + 1],
      );
      return toConnection(rows.map(toZoneObject), filter.first, (zone) => [zone.name, zone.id]);
    });
  }

  private async translate<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (uniqueViolation(error) === ZONE_NAME_TAKEN) throw conflict('A zone with this name already exists');
      throw error;
    }
  }
}

/** Checks that a user of the tenant exists (else NOT_FOUND, like another tenant's user) and is active. */
export async function requireActiveUser(tx: EntityManager, id: string): Promise<{ role: string }> {
  const [user]: Array<{ role: string; active: boolean }> = await tx.query(
    `SELECT role, active FROM users WHERE tenant_id = app_tenant_id() AND id = $1`,
    [id],
  );
  if (!user) throw notFound('User');
  if (!user.active) throw badInput('The user is deactivated');
  return user;
}
