import { Injectable } from '@nestjs/common';
import { uniqueViolation } from '@service-desk/auth';
import { conflict, newId, notFound, RequestContext, requireId } from '@service-desk/core';
import { Database } from '@service-desk/db';
import { EventLog } from '@service-desk/events';
import type { EntityManager } from 'typeorm';
import type { BarsScaleObject } from './bars-scale.object.js';
import { DEFAULT_BARS_SCALES } from './default-bars-scales.js';
import type { CreateBarsScaleInput, UpdateBarsScaleInput } from './dto/bars-scale.input.js';

interface ScaleRow {
  id: string;
  dimension: string;
  name: string;
  description: string | null;
  weight: string;
  active: boolean;
  position: number;
  created_at: Date;
  updated_at: Date;
  anchors: Array<{ level: number; anchor: string }>;
}

const SCALE_SELECT = `
  SELECT s.*, coalesce((SELECT json_agg(json_build_object('level', a.level, 'anchor', a.anchor) ORDER BY a.level)
                          FROM bars_anchors a WHERE a.tenant_id = s.tenant_id AND a.scale_id = s.id), '[]') AS anchors
    FROM bars_scales s`;

const toScaleObject = (row: ScaleRow): BarsScaleObject => ({
  id: row.id,
  dimension: row.dimension,
  name: row.name,
  description: row.description,
  weight: Number(row.weight),
  active: row.active,
  position: row.position,
  anchors: row.anchors,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const DIMENSION_TAKEN = 'bars_scales_tenant_id_dimension_key';

/**
 * BARS scales of the tenant. The defaults (default-bars-scales.ts) are adopted on first read or by
 * `adoptDefaults`; owners and HR create and change scales. Each change writes a `bars.*` event.
 */
@Injectable()
export class BarsScalesService {
  constructor(
    private readonly db: Database,
    private readonly events: EventLog,
  ) {}

  /** The tenant's scales by position; a tenant without any gets the defaults first. */
  list(filter: { active?: boolean | null }): Promise<BarsScaleObject[]> {
    return this.db.transaction(async (tx) => {
      const [{ n }]: Array<{ n: number }> = await tx.query(
        `SELECT count(*)::int AS n FROM bars_scales WHERE tenant_id = app_tenant_id()`,
      );
      if (n === 0) await this.adoptIn(tx);
      return this.select(tx, filter.active ?? null);
    });
  }

  /** Adds the default scales the tenant does not have yet (by dimension); idempotent. */
  adoptDefaults(): Promise<BarsScaleObject[]> {
    return this.db.transaction(async (tx) => {
      await this.adoptIn(tx);
      return this.select(tx, null);
    });
  }

  async create(input: CreateBarsScaleInput): Promise<BarsScaleObject> {
    try {
      return await this.db.transaction(async (tx) => {
        const id = newId();
        await tx.query(
          `INSERT INTO bars_scales (tenant_id, id, dimension, name, description, weight, active, position)
           VALUES (app_tenant_id(), $1, $2, $3, $4, $5, $6,
                   (SELECT coalesce(max(position), 0) + 1 FROM bars_scales WHERE tenant_id = app_tenant_id()))`,
          [
            id,
            input.dimension,
            input.name.trim(),
            input.description?.trim() || null,
            input.weight ?? 1,
            input.active ?? true,
          ],
        );
        await this.writeAnchors(tx, id, input.anchors);
        const scale = await this.find(tx, id);
        await this.events.append(tx, {
          type: 'bars.scale_created',
          entity: { kind: 'bars_scale', id },
          data: { dimension: scale.dimension, name: scale.name, weight: scale.weight, active: scale.active },
        });
        return scale;
      });
    } catch (error) {
      if (uniqueViolation(error) === DIMENSION_TAKEN)
        throw conflict('A scale with this dimension already exists');
      throw error;
    }
  }

  update(input: UpdateBarsScaleInput): Promise<BarsScaleObject> {
    const id = requireId(input.scaleId, 'Scale id');
    return this.db.transaction(async (tx) => {
      const [row]: Array<{ name: string; description: string | null; weight: string; active: boolean }> =
        await tx.query(
          `SELECT name, description, weight, active FROM bars_scales WHERE tenant_id = app_tenant_id() AND id = $1 FOR UPDATE`,
          [id],
        );
      if (!row) throw notFound('BARS scale');
      const changes: Record<string, unknown> = {};
      if (input.name != null && input.name.trim() !== row.name) changes.name = input.name.trim();
      if (input.description !== undefined && (input.description?.trim() || null) !== row.description)
        changes.description = input.description?.trim() || null;
      if (input.weight != null && input.weight !== Number(row.weight)) changes.weight = input.weight;
      if (input.active != null && input.active !== row.active) changes.active = input.active;
      const fields = Object.keys(changes);
      if (fields.length > 0) {
        await tx.query(
          `UPDATE bars_scales SET ${fields.map((field, i) => `${field} = $${i + 2}`).join(', ')}, updated_at = now()
           WHERE tenant_id = app_tenant_id() AND id = $1`,
          [id, ...fields.map((field) => changes[field])],
        );
      }
      if (input.anchors) {
        const before = await this.find(tx, id);
        if (input.anchors.some((anchor, i) => anchor.trim() !== before.anchors[i]?.anchor)) {
          await this.writeAnchors(tx, id, input.anchors);
          if (fields.length === 0)
            await tx.query(
              `UPDATE bars_scales SET updated_at = now() WHERE tenant_id = app_tenant_id() AND id = $1`,
              [id],
            );
          fields.push('anchors');
        }
      }
      const scale = await this.find(tx, id);
      if (fields.length > 0) {
        await this.events.append(tx, {
          type: 'bars.scale_updated',
          entity: { kind: 'bars_scale', id },
          data: {
            fields: fields.sort(),
            dimension: scale.dimension,
            weight: scale.weight,
            active: scale.active,
          },
        });
      }
      return scale;
    });
  }

  private async adoptIn(tx: EntityManager): Promise<void> {
    // Concurrent first reads: the unique dimension makes the second insert a no-op.
    const adopted: Array<{ id: string; dimension: string }> = await tx.query(
      `INSERT INTO bars_scales (tenant_id, id, dimension, name, description, position)
       SELECT app_tenant_id(), d.id, d.dimension, d.name, d.description, d.position
         FROM jsonb_to_recordset($1::jsonb) AS d(id uuid, dimension text, name text, description text, position int)
       ON CONFLICT (tenant_id, dimension) DO NOTHING
       RETURNING id, dimension`,
      [
        JSON.stringify(
          DEFAULT_BARS_SCALES.map((scale, i) => ({
            id: newId(),
            dimension: scale.dimension,
            name: scale.name,
            description: scale.description,
            position: i + 1,
          })),
        ),
      ],
    );
    if (adopted.length === 0) return;
    const byDimension = new Map(DEFAULT_BARS_SCALES.map((scale) => [scale.dimension, scale]));
    await tx.query(
      `INSERT INTO bars_anchors (tenant_id, scale_id, level, anchor)
       SELECT app_tenant_id(), a.scale_id, a.level, a.anchor
         FROM jsonb_to_recordset($1::jsonb) AS a(scale_id uuid, level int, anchor text)`,
      [
        JSON.stringify(
          adopted.flatMap((scale) =>
            byDimension
              .get(scale.dimension)!
              .anchors.map((anchor, i) => ({ scale_id: scale.id, level: i + 1, anchor })),
          ),
        ),
      ],
    );
    await this.events.append(tx, {
      type: 'bars.defaults_adopted',
      entity: { kind: 'tenant', id: RequestContext.actor().tenantId },
      data: {
        dimensions: adopted.map((scale) => scale.dimension),
        scaleIds: adopted.map((scale) => scale.id),
      },
    });
  }

  private async writeAnchors(tx: EntityManager, scaleId: string, anchors: string[]): Promise<void> {
    await tx.query(
      `INSERT INTO bars_anchors (tenant_id, scale_id, level, anchor)
       SELECT app_tenant_id(), $1, level, anchor FROM unnest($2::text[]) WITH ORDINALITY AS a(anchor, level)
       ON CONFLICT (tenant_id, scale_id, level) DO UPDATE SET anchor = excluded.anchor`,
      [scaleId, anchors.map((anchor) => anchor.trim())],
    );
  }

  private async find(tx: EntityManager, id: string): Promise<BarsScaleObject> {
    const [row]: ScaleRow[] = await tx.query(
      `${SCALE_SELECT} WHERE s.tenant_id = app_tenant_id() AND s.id = $1`,
      [id],
    );
    if (!row) throw notFound('BARS scale');
    return toScaleObject(row);
  }

  private async select(tx: EntityManager, active: boolean | null): Promise<BarsScaleObject[]> {
    const rows: ScaleRow[] = await tx.query(
      `${SCALE_SELECT} WHERE s.tenant_id = app_tenant_id() AND ($1::boolean IS NULL OR s.active = $1)
       ORDER BY s.position, s.dimension`,
      [active],
    );
    return rows.map(toScaleObject);
  }
}
