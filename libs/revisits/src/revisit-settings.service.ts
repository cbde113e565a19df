import { Injectable } from '@nestjs/common';
import { RequestContext } from '@service-desk/core';
import { Database } from '@service-desk/db';
import { EventLog } from '@service-desk/events';
import type { EntityManager } from 'typeorm';
import type { RevisitSettingsObject } from './revisit.object.js';

export type RevisitSettings = RevisitSettingsObject;

interface SettingsRow {
  max_attempts: number;
  after_sales_delay_days: number;
  maintenance_cadence_days: number;
  supervisory_share: string;
  daily_cap: number;
  work_days: number;
}

const toSettings = (row: SettingsRow): RevisitSettings => ({
  maxAttempts: row.max_attempts,
  afterSalesDelayDays: row.after_sales_delay_days,
  maintenanceCadenceDays: row.maintenance_cadence_days,
  supervisoryShare: Number(row.supervisory_share),
  dailyCap: row.daily_cap,
  workDays: row.work_days,
});

/** The tenant's revisit rules; the defaults of the migration apply until the owner or a supervisor changes them. */
@Injectable()
export class RevisitSettingsService {
  constructor(
    private readonly db: Database,
    private readonly events: EventLog,
  ) {}

  async load(tx: EntityManager): Promise<RevisitSettings> {
    await tx.query(
      `INSERT INTO revisit_settings (tenant_id) VALUES (app_tenant_id()) ON CONFLICT DO NOTHING`,
    );
    const [row]: SettingsRow[] = await tx.query(
      `SELECT * FROM revisit_settings WHERE tenant_id = app_tenant_id()`,
    );
    return toSettings(row);
  }

  get(): Promise<RevisitSettings> {
    return this.db.transaction((tx) => this.load(tx));
  }

  update(changes: Partial<RevisitSettings>): Promise<RevisitSettings> {
    return this.db.transaction(async (tx) => {
      await this.load(tx);
      const [[row]]: [SettingsRow[], number] = await tx.query(
        `UPDATE revisit_settings SET
           max_attempts = coalesce($1, max_attempts),
           after_sales_delay_days = coalesce($2, after_sales_delay_days),
           maintenance_cadence_days = coalesce($3, maintenance_cadence_days),
           supervisory_share = coalesce($4, supervisory_share),
           daily_cap = coalesce($5, daily_cap),
           work_days = coalesce($6, work_days),
           updated_at = now()
         WHERE tenant_id = app_tenant_id() RETURNING *`,
        [
          changes.maxAttempts ?? null,
          changes.afterSalesDelayDays ?? null,
          changes.maintenanceCadenceDays ?? null,
          changes.supervisoryShare ?? null,
          changes.dailyCap ?? null,
          changes.workDays ?? null,
        ],
      );
      const settings = toSettings(row);
      await this.events.append(tx, {
        type: 'revisit.settings_updated',
        entity: { kind: 'revisit_settings', id: RequestContext.actor().tenantId },
        data: { ...settings },
      });
      return settings;
    });
  }
}
