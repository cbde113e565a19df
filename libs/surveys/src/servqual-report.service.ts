import { Injectable } from '@nestjs/common';
import { badInput, notFound, requireId, toCsvRow } from '@service-desk/core';
import { Database } from '@service-desk/db';
import type { EntityManager } from 'typeorm';
import {
  csatSummary,
  DIMENSION_LABELS,
  type DimensionTotals,
  groupGaps,
  type ServqualDimension,
} from './servqual.js';
import {
  ServqualGrouping,
  type ServqualGroupObject,
  type ServqualReportObject,
} from './servqual-report.object.js';

const DAY = 86_400_000;

/** The grouping columns of each grouping (the tenant total is always the empty grouping set). */
const GROUP_COLUMNS: Record<ServqualGrouping, string[]> = {
  [ServqualGrouping.TENANT]: [],
  [ServqualGrouping.ZONE]: ['zone_id'],
  [ServqualGrouping.MONTH]: ['period'],
  [ServqualGrouping.ZONE_MONTH]: ['zone_id', 'period'],
};

interface DimensionRow {
  total: boolean;
  zone_id: string | null;
  period: string | null;
  dimension: ServqualDimension;
  responses: number;
  e_sum: string;
  p_sum: string;
}

interface GroupRow {
  total: boolean;
  zone_id: string | null;
  period: string | null;
  responses: number;
  c1: number;
  c2: number;
  c3: number;
  c4: number;
  c5: number;
}

export interface ServqualReportQuery {
  from: Date;
  to: Date;
  zoneId?: string | null;
  groupBy: ServqualGrouping;
}

/**
 * The SERVQUAL report: per group and dimension, the sums of the per-response means of E and P, in
 * set-based SQL (two statements with GROUPING SETS, whatever the number of responses); the arithmetic
 * on those sums is the pure code of servqual.ts.
 */
@Injectable()
export class ServqualReportService {
  constructor(private readonly db: Database) {}

  report(query: ServqualReportQuery): Promise<ServqualReportObject> {
    const { from, to, groupBy } = query;
    if (!(from < to)) throw badInput('The period must end after it starts');
    if (to.getTime() - from.getTime() > 400 * DAY) throw badInput('A report covers at most 400 days');
    const zoneId = query.zoneId ? requireId(query.zoneId, 'Zone id') : null;
    return this.db.transaction(async (tx) => {
      const [tenant] = await tx.query(`SELECT time_zone FROM tenants WHERE id = app_tenant_id()`);
      if (zoneId) {
        const [zone] = await tx.query(`SELECT 1 FROM zones WHERE tenant_id = app_tenant_id() AND id = $1`, [
          zoneId,
        ]);
        if (!zone) throw notFound('Zone');
      }
      const columns = GROUP_COLUMNS[groupBy];
      const keys = columns.length ? `${columns.join(', ')}, ` : '';
      // Grouping by period and zone_id even where unused costs nothing and keeps one statement shape.
      const total = columns.length ? `GROUPING(${columns.join(', ')}) <> 0` : 'true';
      const select = (column: string) =>
        columns.includes(column) ? column : `NULL::${column === 'zone_id' ? 'uuid' : 'text'}`;
      const responses = `
        SELECT r.id, r.zone_id, r.csat,
               to_char(date_trunc('month', r.submitted_at AT TIME ZONE $4), 'YYYY-MM') AS period
        FROM survey_responses r
        WHERE r.tenant_id = app_tenant_id() AND r.submitted_at >= $1 AND r.submitted_at < $2
          AND ($3::uuid IS NULL OR r.zone_id = $3)`;
      const params = [from, to, zoneId, tenant.time_zone];

      const dimensionRows: DimensionRow[] = await tx.query(
        `WITH r AS (${responses}),
         per_response AS (
           SELECT r.id, r.zone_id, r.period, i.dimension, avg(a.expectation) AS e, avg(a.perception) AS p
           FROM r
           JOIN survey_answers a ON a.tenant_id = app_tenant_id() AND a.response_id = r.id
           JOIN survey_items i ON i.tenant_id = a.tenant_id AND i.id = a.item_id
           GROUP BY r.id, r.zone_id, r.period, i.dimension
         )
         SELECT ${total} AS total, ${select('zone_id')} AS zone_id, ${select('period')} AS period, dimension,
                count(*)::int AS responses, sum(e)::text AS e_sum, sum(p)::text AS p_sum
         FROM per_response
         GROUP BY GROUPING SETS ((dimension)${columns.length ? `, (${keys}dimension)` : ''})`,
        params,
      );
      const groupRows: GroupRow[] = await tx.query(
        `WITH r AS (${responses})
         SELECT ${total} AS total, ${select('zone_id')} AS zone_id, ${select('period')} AS period,
                count(*)::int AS responses,
                count(*) FILTER (WHERE csat = 1)::int AS c1, count(*) FILTER (WHERE csat = 2)::int AS c2,
                count(*) FILTER (WHERE csat = 3)::int AS c3, count(*) FILTER (WHERE csat = 4)::int AS c4,
                count(*) FILTER (WHERE csat = 5)::int AS c5
         FROM r
         GROUP BY GROUPING SETS (()${columns.length ? `, (${columns.join(', ')})` : ''})`,
        params,
      );
      const zoneNames = await this.zoneNames(
        tx,
        groupRows.flatMap((row) => (row.zone_id ? [row.zone_id] : [])),
      );
      const keyOf = (row: { zone_id: string | null; period: string | null }) =>
        `${row.zone_id ?? ''}|${row.period ?? ''}`;
      const toGroup = (
        row: GroupRow | undefined,
        dimensions: DimensionRow[],
        zone: string | null,
        period: string | null,
      ): ServqualGroupObject => {
        const totals: Partial<Record<ServqualDimension, DimensionTotals>> = {};
        for (const d of dimensions)
          totals[d.dimension] = {
            expectationSum: Number(d.e_sum),
            perceptionSum: Number(d.p_sum),
            responses: d.responses,
          };
        return {
          zoneId: zone,
          zoneName: zone ? (zoneNames.get(zone) ?? null) : null,
          period,
          responses: row?.responses ?? 0,
          ...groupGaps(totals),
          csat: csatSummary(row ? [row.c1, row.c2, row.c3, row.c4, row.c5] : [0, 0, 0, 0, 0]),
        };
      };
      const totalRow = groupRows.find((row) => row.total);
      const report: Omit<ServqualReportObject, 'csv'> = {
        from,
        to,
        zoneId,
        groupBy,
        timeZone: tenant.time_zone,
        total: toGroup(
          totalRow,
          dimensionRows.filter((row) => row.total),
          zoneId,
          null,
        ),
        groups: groupRows
          .filter((row) => !row.total)
          .map((row) =>
            toGroup(
              row,
              dimensionRows.filter((d) => !d.total && keyOf(d) === keyOf(row)),
              row.zone_id,
              row.period,
            ),
          )
          .sort(
            (a, b) =>
              (a.zoneName ?? '\uffff').localeCompare(b.zoneName ?? '\uffff') ||
              (a.zoneId ?? '').localeCompare(b.zoneId ?? '') ||
              (a.period ?? '').localeCompare(b.period ?? ''),
          ),
      };
      if (zoneId)
        report.total.zoneName =
          zoneNames.get(zoneId) ?? (await this.zoneNames(tx, [zoneId])).get(zoneId) ?? null;
      return { ...report, csv: servqualCsv(report) };
    });
  }

  private async zoneNames(tx: EntityManager, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: Array<{ id: string; name: string }> = await tx.query(
      `SELECT id, name FROM zones WHERE tenant_id = app_tenant_id() AND id = ANY($1)`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row.name]));
  }
}

/** A CSV cell: numbers as they are (a gap of −0.5 is a number, not a formula), text through toCsvRow. */
const cell = (value: string | number | null): string =>
  typeof value === 'number' ? String(value) : toCsvRow([value]);

/** One line per group and dimension, then one CSAT line per group; the total comes first as group "ALL". */
export function servqualCsv(report: Omit<ServqualReportObject, 'csv'>): string {
  const groups = [report.total, ...report.groups];
  const label = (group: ServqualGroupObject, index: number) =>
    index === 0
      ? 'ALL'
      : (group.zoneName ?? (group.zoneId ? group.zoneId : report.groupBy === 'MONTH' ? '' : 'no zone'));
  const lines = [
    ['zone', 'month', 'dimension', 'responses', 'mean_expectation', 'mean_perception', 'gap']
      .map(cell)
      .join(','),
    ...groups.flatMap((group, index) =>
      group.dimensions.map((d) =>
        [
          label(group, index),
          group.period,
          DIMENSION_LABELS[d.dimension],
          d.responses,
          d.meanExpectation,
          d.meanPerception,
          d.gap,
        ]
          .map(cell)
          .join(','),
      ),
    ),
    '',
    [
      'zone',
      'month',
      'responses',
      'servqual_score',
      'csat_mean',
      'csat_responses',
      'csat_1',
      'csat_2',
      'csat_3',
      'csat_4',
      'csat_5',
    ]
      .map(cell)
      .join(','),
    ...groups.map((group, index) =>
      [
        label(group, index),
        group.period,
        group.responses,
        group.servqualScore,
        group.csat.mean,
        group.csat.responses,
        ...group.csat.distribution,
      ]
        .map(cell)
        .join(','),
    ),
  ];
  return lines.join('\r\n');
}
