import { Injectable } from '@nestjs/common';
import { badInput, newId, notFound, RequestContext } from '@service-desk/core';
import { Database } from '@service-desk/db';
import { EventLog } from '@service-desk/events';
import type { EntityManager } from 'typeorm';
import type {
  PublishBarsTemplateInput,
  PublishKpiTemplateInput,
  UpdateKpiDefinitionInput,
  UpdatePerformanceSettingsInput,
} from './dto/performance.input.js';
import type {
  KpiDefinitionObject,
  PerformanceSettingsObject,
  PerformanceStandardsObject,
} from './performance.object.js';
import { KPI_CATALOG, type KpiCode, type KpiDirection, kpiSpec } from './scoring/kpis.js';

interface KpiRow {
  code: KpiCode;
  direction: KpiDirection;
  target: string;
  weight: string;
  min_sample: number;
  active: boolean;
}

interface SettingsRow {
  kpi_weight: string;
  behaviour_weight: string;
  grade_a_share: string;
  grade_c_share: string;
  matrix_threshold: string;
}

export interface KpiTemplateEntry {
  code: KpiCode;
  target: number;
  weight: number;
  minSample: number;
}

export interface BarsTemplateScale {
  dimension: string;
  name: string;
  weight: number;
  anchors: string[];
}

const toKpiDefinition = (row: KpiRow): KpiDefinitionObject => ({
  code: row.code,
  direction: row.direction,
  target: Number(row.target),
  weight: Number(row.weight),
  minSample: row.min_sample,
  active: row.active,
  definition: kpiSpec(row.code).definition,
});

export const toSettings = (row: SettingsRow): PerformanceSettingsObject => {
  const a = Number(row.grade_a_share);
  const c = Number(row.grade_c_share);
  return {
    kpiWeight: Number(row.kpi_weight),
    behaviourWeight: Number(row.behaviour_weight),
    gradeAShare: a,
    gradeBShare: Math.round((1 - a - c) * 10000) / 10000,
    gradeCShare: c,
    matrixThreshold: Number(row.matrix_threshold),
  };
};

/**
 * The tenant's KPI and scorecard setup (OWNER and HR), and the chain standards HQ publishes for it:
 * a tenant starts from the catalogue defaults and may adopt HQ's KPI template and BARS scales.
 */
@Injectable()
export class PerformanceSetupService {
  constructor(
    private readonly db: Database,
    private readonly events: EventLog,
  ) {}

  /** Makes sure the tenant in scope has its KPI rows and settings row (catalogue defaults). */
  async ensureDefaults(tx: EntityManager): Promise<void> {
    await tx.query(
      `INSERT INTO kpi_definitions (tenant_id, id, code, direction, target, weight, min_sample)
       SELECT app_tenant_id(), d.id, d.code, d.direction, d.target, d.weight, d.min_sample
       FROM jsonb_to_recordset($1::jsonb) AS d(id uuid, code text, direction text, target numeric, weight numeric, min_sample int)
       ON CONFLICT (tenant_id, code) DO NOTHING`,
      [
        JSON.stringify(
          KPI_CATALOG.map((k) => ({
            id: newId(),
            code: k.code,
            direction: k.direction,
            target: k.target,
            weight: k.weight,
            min_sample: k.minSample,
          })),
        ),
      ],
    );
    await tx.query(
      `INSERT INTO performance_settings (tenant_id) VALUES (app_tenant_id()) ON CONFLICT DO NOTHING`,
    );
  }

  private async readKpis(tx: EntityManager): Promise<KpiDefinitionObject[]> {
    const rows: KpiRow[] = await tx.query(
      `SELECT code, direction, target, weight, min_sample, active FROM kpi_definitions
       WHERE tenant_id = app_tenant_id()`,
    );
    const order = KPI_CATALOG.map((k) => k.code);
    return rows.map(toKpiDefinition).sort((a, b) => order.indexOf(a.code) - order.indexOf(b.code));
  }

  kpiDefinitions(): Promise<KpiDefinitionObject[]> {
    return this.db.transaction(async (tx) => {
      await this.ensureDefaults(tx);
      return this.readKpis(tx);
    });
  }

  updateKpiDefinition(input: UpdateKpiDefinitionInput): Promise<KpiDefinitionObject> {
    return this.db.transaction(async (tx) => {
      await this.ensureDefaults(tx);
      const [row]: KpiRow[] = await tx
        .query(
          `UPDATE kpi_definitions SET target = coalesce($2, target), weight = coalesce($3, weight),
           min_sample = coalesce($4, min_sample), active = coalesce($5, active), updated_at = now()
         WHERE tenant_id = app_tenant_id() AND code = $1
         RETURNING code, direction, target, weight, min_sample, active`,
          [
            input.code,
            input.target ?? null,
            input.weight ?? null,
            input.minSample ?? null,
            input.active ?? null,
          ],
        )
        .then(([rows]: [KpiRow[]]) => rows);
      await this.events.append(tx, {
        type: 'performance.kpi_updated',
        entity: { kind: 'tenant', id: RequestContext.actor().tenantId },
        data: { code: row.code, target: Number(row.target), weight: Number(row.weight), active: row.active },
      });
      return toKpiDefinition(row);
    });
  }

  async loadSettings(tx: EntityManager): Promise<PerformanceSettingsObject> {
    await this.ensureDefaults(tx);
    const [row]: SettingsRow[] = await tx.query(
      `SELECT * FROM performance_settings WHERE tenant_id = app_tenant_id()`,
    );
    return toSettings(row);
  }

  settings(): Promise<PerformanceSettingsObject> {
    return this.db.transaction((tx) => this.loadSettings(tx));
  }

  updateSettings(input: UpdatePerformanceSettingsInput): Promise<PerformanceSettingsObject> {
    return this.db.transaction(async (tx) => {
      const current = await this.loadSettings(tx);
      const next = {
        kpiWeight: input.kpiWeight ?? current.kpiWeight,
        behaviourWeight: input.behaviourWeight ?? current.behaviourWeight,
        gradeAShare: input.gradeAShare ?? current.gradeAShare,
        gradeCShare: input.gradeCShare ?? current.gradeCShare,
        matrixThreshold: input.matrixThreshold ?? current.matrixThreshold,
      };
      if (next.kpiWeight + next.behaviourWeight <= 0)
        throw badInput('The KPI and behaviour weights cannot both be 0', {
          fields: ['kpiWeight', 'behaviourWeight'],
        });
      if (next.gradeAShare + next.gradeCShare > 1)
        throw badInput('The A and C shares together cannot exceed 1', {
          fields: ['gradeAShare', 'gradeCShare'],
        });
      await tx.query(
        `UPDATE performance_settings SET kpi_weight = $1, behaviour_weight = $2, grade_a_share = $3,
           grade_c_share = $4, matrix_threshold = $5, updated_at = now() WHERE tenant_id = app_tenant_id()`,
        [next.kpiWeight, next.behaviourWeight, next.gradeAShare, next.gradeCShare, next.matrixThreshold],
      );
      await this.events.append(tx, {
        type: 'performance.settings_updated',
        entity: { kind: 'tenant', id: RequestContext.actor().tenantId },
        data: next,
      });
      return this.loadSettings(tx);
    });
  }

  // ---- Chain standards (HQ publishes, stores adopt) ----

  private readonly chainStandards = (tx: EntityManager) =>
    tx.query(
      `SELECT s.kpi_template, s.bars_template FROM chain_standards s
       WHERE s.chain_id = coalesce(app_chain_id(), (SELECT t.chain_id FROM tenants t WHERE t.id = app_tenant_id()))`,
    ) as Promise<
      Array<{ kpi_template: KpiTemplateEntry[] | null; bars_template: BarsTemplateScale[] | null }>
    >;

  /** The standards as HQ published them (HQ reads its own chain; a store reads its chain's). */
  standards(): Promise<PerformanceStandardsObject> {
    const actor = RequestContext.actor();
    return this.db.asTenant({ tenantId: actor.tenantId, chainId: actor.chainId }, async (tx) => {
      const [row] = await this.chainStandards(tx);
      return { kpiTemplate: row?.kpi_template ?? null, barsTemplate: row?.bars_template ?? null };
    });
  }

  publishKpiTemplate(input: PublishKpiTemplateInput): Promise<PerformanceStandardsObject> {
    const codes = input.kpis.map((k) => k.code);
    if (new Set(codes).size !== codes.length) throw badInput('Each KPI may appear once in the template');
    const template: KpiTemplateEntry[] = input.kpis.map(({ code, target, weight, minSample }) => ({
      code,
      target,
      weight,
      minSample,
    }));
    return this.publish('kpi_template', template);
  }

  publishBarsTemplate(input: PublishBarsTemplateInput): Promise<PerformanceStandardsObject> {
    const dimensions = input.scales.map((s) => s.dimension);
    if (new Set(dimensions).size !== dimensions.length)
      throw badInput('Each dimension may appear once in the template');
    const template: BarsTemplateScale[] = input.scales.map(({ dimension, name, weight, anchors }) => ({
      dimension,
      name: name.trim(),
      weight,
      anchors: anchors.map((a) => a.trim()),
    }));
    return this.publish('bars_template', template);
  }

  private async publish(
    column: 'kpi_template' | 'bars_template',
    template: unknown,
  ): Promise<PerformanceStandardsObject> {
    const actor = RequestContext.actor();
    await this.db.asTenant({ tenantId: actor.tenantId, chainId: actor.chainId }, (tx) =>
      tx.query(
        `INSERT INTO chain_standards (chain_id, ${column}, ${column}_published_at, published_by) VALUES ($1, $2, now(), $3)
         ON CONFLICT (chain_id) DO UPDATE SET ${column} = EXCLUDED.${column}, ${column}_published_at = now(),
           published_by = EXCLUDED.published_by`,
        [actor.chainId, JSON.stringify(template), actor.userId],
      ),
    );
    return this.standards();
  }

  /** The store adopts HQ's KPI template (the KPIs it lists; others keep the tenant's tuning). */
  adoptKpiTemplate(): Promise<number> {
    return this.db.transaction(async (tx) => {
      await this.ensureDefaults(tx);
      const [row] = await this.chainStandards(tx);
      if (!row?.kpi_template) throw notFound('Chain KPI template');
      const [, adopted]: [unknown, number] = await tx.query(
        `UPDATE kpi_definitions d SET target = t.target, weight = t.weight, min_sample = t."minSample", active = true,
           updated_at = now()
         FROM jsonb_to_recordset($1::jsonb) AS t(code text, target numeric, weight numeric, "minSample" int)
         WHERE d.tenant_id = app_tenant_id() AND d.code = t.code`,
        [JSON.stringify(row.kpi_template)],
      );
      await this.events.append(tx, {
        type: 'performance.kpi_template_adopted',
        entity: { kind: 'tenant', id: RequestContext.actor().tenantId },
        data: { kpis: adopted },
      });
      return adopted;
    });
  }

  /** The store adopts HQ's default BARS scales: scales by dimension are created or updated, anchors replaced. */
  adoptBarsTemplate(): Promise<number> {
    return this.db.transaction(async (tx) => {
      const [row] = await this.chainStandards(tx);
      if (!row?.bars_template) throw notFound('Chain BARS template');
      const scales = row.bars_template.map((scale, position) => ({ ...scale, id: newId(), position }));
      const upserted: Array<{ id: string; dimension: string }> = await tx.query(
        `INSERT INTO bars_scales (tenant_id, id, dimension, name, weight, active, position)
         SELECT app_tenant_id(), s.id, s.dimension, s.name, s.weight, true, s.position
         FROM jsonb_to_recordset($1::jsonb) AS s(id uuid, dimension text, name text, weight numeric, position int)
         ON CONFLICT (tenant_id, dimension) DO UPDATE SET name = EXCLUDED.name, weight = EXCLUDED.weight,
           active = true, position = EXCLUDED.position, updated_at = now()
         RETURNING id, dimension`,
        [JSON.stringify(scales)],
      );
      const anchors = upserted.flatMap(({ id, dimension }) =>
        scales
          .find((s) => s.dimension === dimension)!
          .anchors.map((anchor, index) => ({ scale_id: id, level: index + 1, anchor })),
      );
      await tx.query(
        `INSERT INTO bars_anchors (tenant_id, scale_id, level, anchor)
         SELECT app_tenant_id(), a.scale_id, a.level, a.anchor
         FROM jsonb_to_recordset($1::jsonb) AS a(scale_id uuid, level int, anchor text)
         ON CONFLICT (tenant_id, scale_id, level) DO UPDATE SET anchor = EXCLUDED.anchor`,
        [JSON.stringify(anchors)],
      );
      await this.events.append(tx, {
        type: 'performance.bars_template_adopted',
        entity: { kind: 'tenant', id: RequestContext.actor().tenantId },
        data: { scales: upserted.length },
      });
      return upserted.length;
    });
  }
}
