import { Injectable } from '@nestjs/common';
import { RequestContext, toCsvRow } from '@service-desk/core';
import { Database } from '@service-desk/db';
import type { ChainBenchmarkObject, StoreBenchmarkObject } from './performance.object.js';
import { KPI_CATALOG, type KpiCode } from './scoring/kpis.js';
import { classifyServiceType } from './scoring/scorecard-rules.js';

interface BenchmarkRow {
  tenant_id: string;
  tenant_name: string;
  staff_count: number;
  scored_count: number;
  kpi_score: string | null;
  behaviour_score: string | null;
  composite: string | null;
  procedural_score: string | null;
  personal_score: string | null;
  matrix_threshold: string;
  kpi_means: Record<string, number>;
}

const num = (value: string | null): number | null => (value === null ? null : Number(value));

/**
 * HQ's cross-store benchmark (DESIGN section 6.7). HQ has no RLS access to store rows: it reads only
 * through `performance_chain_benchmark`, a definer function that returns per-store aggregates of the
 * caller's chain (app.chain_id) and nothing about a person or a customer.
 */
@Injectable()
export class ChainBenchmarkService {
  constructor(private readonly db: Database) {}

  benchmark(periodLabel: string): Promise<ChainBenchmarkObject> {
    const actor = RequestContext.actor();
    const label = periodLabel.trim();
    return this.db.asTenant({ tenantId: actor.tenantId, chainId: actor.chainId }, async (tx) => {
      const rows: BenchmarkRow[] = await tx.query(`SELECT * FROM performance_chain_benchmark($1)`, [label]);
      const stores: StoreBenchmarkObject[] = rows.map((row) => {
        const procedural = num(row.procedural_score);
        const personal = num(row.personal_score);
        return {
          tenantId: row.tenant_id,
          tenantName: row.tenant_name,
          staffCount: row.staff_count,
          scoredCount: row.scored_count,
          kpiScore: num(row.kpi_score),
          behaviourScore: num(row.behaviour_score),
          composite: num(row.composite),
          procedural,
          personal,
          serviceType: classifyServiceType(procedural, personal, Number(row.matrix_threshold)),
          rank: null,
          kpis: KPI_CATALOG.filter((k) => row.kpi_means[k.code] !== undefined).map((k) => ({
            code: k.code as KpiCode,
            meanScore: Number(row.kpi_means[k.code]),
          })),
        };
      });
      // Competition ranking by composite across the chain; stores without a composite are not ranked.
      const ranked = stores.filter((s) => s.composite !== null).sort((a, b) => b.composite! - a.composite!);
      ranked.forEach((store, index) => {
        store.rank =
          index > 0 && ranked[index - 1].composite === store.composite ? ranked[index - 1].rank : index + 1;
      });
      stores.sort(
        (a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.tenantName.localeCompare(b.tenantName),
      );
      const csv = [
        toCsvRow([
          'rank',
          'store',
          'staff',
          'scored',
          'KPI score',
          'behaviour',
          'composite',
          'procedural',
          'personal',
          'service type',
        ]),
        ...stores.map((s) =>
          toCsvRow([
            s.rank,
            s.tenantName,
            s.staffCount,
            s.scoredCount,
            s.kpiScore,
            s.behaviourScore,
            s.composite,
            s.procedural,
            s.personal,
            s.serviceType,
          ]),
        ),
      ].join('\n');
      return { periodLabel: label, stores, csv };
    });
  }
}
