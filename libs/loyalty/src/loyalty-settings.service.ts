import { Injectable } from '@nestjs/common';
import { badInput } from '@service-desk/core';
import { Database } from '@service-desk/db';
import { EventLog } from '@service-desk/events';
import type { EntityManager } from 'typeorm';
import type { UpdateLoyaltySettingsInput } from './dto/loyalty.input.js';
import type { LoyaltySettingsObject } from './loyalty.objects.js';
import {
  type LoyaltyRules,
  type LoyaltySettingsRow,
  rulesProblem,
  toLoyaltyRules,
} from './loyalty-settings.js';

const COLUMNS: Record<keyof LoyaltyRules, string> = {
  silverThreshold: 'silver_threshold',
  goldThreshold: 'gold_threshold',
  premiumThreshold: 'premium_threshold',
  downgradeGraceDays: 'downgrade_grace_days',
  pointsExpiryMonths: 'points_expiry_months',
  atRiskGapFactor: 'at_risk_gap_factor',
  atRiskFloorDays: 'at_risk_floor_days',
  churnedGapFactor: 'churned_gap_factor',
  churnedFloorDays: 'churned_floor_days',
  wonBackActiveDays: 'won_back_active_days',
};

/** The tenant's loyalty rules: read by everyone at the front desk, changed by the owner. */
@Injectable()
export class LoyaltySettingsService {
  constructor(
    private readonly db: Database,
    private readonly events: EventLog,
  ) {}

  /** The rules in force for the tenant of the transaction (defaults when never saved). */
  static async rules(tx: EntityManager): Promise<LoyaltyRules> {
    const [row] = (await tx.query(
      `SELECT * FROM loyalty_settings WHERE tenant_id = app_tenant_id()`,
    )) as LoyaltySettingsRow[];
    return toLoyaltyRules(row);
  }

  get(): Promise<LoyaltySettingsObject> {
    return this.db.transaction((tx) => LoyaltySettingsService.rules(tx));
  }

  update(input: UpdateLoyaltySettingsInput): Promise<LoyaltySettingsObject> {
    return this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO loyalty_settings (tenant_id) VALUES (app_tenant_id()) ON CONFLICT (tenant_id) DO NOTHING`,
      );
      await tx.query(`SELECT 1 FROM loyalty_settings WHERE tenant_id = app_tenant_id() FOR UPDATE`);
      const current = await LoyaltySettingsService.rules(tx);
      const changes = Object.fromEntries(
        (Object.keys(COLUMNS) as Array<keyof LoyaltyRules>)
          .filter((key) => input[key] !== undefined && input[key] !== null)
          .map((key) => [key, input[key] as number]),
      ) as Partial<LoyaltyRules>;
      const next = { ...current, ...changes };
      const problem = rulesProblem(next);
      if (problem) throw badInput(problem);
      const keys = Object.keys(changes) as Array<keyof LoyaltyRules>;
      if (keys.length > 0) {
        await tx.query(
          `UPDATE loyalty_settings SET ${keys.map((key, i) => `${COLUMNS[key]} = $${i + 1}`).join(', ')}, updated_at = now()
           WHERE tenant_id = app_tenant_id()`,
          keys.map((key) => next[key]),
        );
        const [tenant] = await tx.query(`SELECT app_tenant_id() AS id`);
        await this.events.append(tx, {
          type: 'loyalty.settings_changed',
          entity: { kind: 'tenant', id: tenant.id },
          data: { fields: keys.sort(), ...changes },
        });
      }
      return LoyaltySettingsService.rules(tx);
    });
  }
}
