import { Injectable } from '@nestjs/common';
import { badInput, RequestContext, Role } from '@service-desk/core';
import { Database } from '@service-desk/db';
import { EventLog } from '@service-desk/events';
import type { EntityManager } from 'typeorm';
import {
  type BusinessHours,
  type Calendar,
  looserThanFloor,
  type Severity,
  type SlaPolicy,
  type SlaTargets,
} from './sla.js';

export interface ComplaintPolicy extends SlaPolicy {
  businessHours: BusinessHours | null;
  holidays: string[];
  agentCompensationLimit: number;
  supervisorCompensationLimit: number;
  reopenWindowDays: number;
  timeZone: string;
  floor: Partial<SlaTargets> | null;
}

interface PolicyRow {
  first_reply_minutes: number;
  resolution_minutes: number;
  revisit_days: number;
  severity_overrides: SlaPolicy['severityOverrides'];
  business_hours: BusinessHours | null;
  holidays: string[];
  agent_compensation_limit: string;
  supervisor_compensation_limit: string;
  reopen_window_days: number;
  time_zone: string;
  sla_floor: Partial<SlaTargets> | null;
}

/** The tenant's complaint policy: SLA targets and calendar, compensation authority, chain floor. */
@Injectable()
export class ComplaintPolicyService {
  constructor(
    private readonly db: Database,
    private readonly events: EventLog,
  ) {}

  /** The policy in force for the tenant in scope (defaults from the manual until the owner changes them). */
  async load(tx: EntityManager): Promise<ComplaintPolicy> {
    let [row] = await this.read(tx);
    if (!row) {
      await tx.query(
        `INSERT INTO complaint_policies (tenant_id) VALUES (app_tenant_id()) ON CONFLICT DO NOTHING`,
      );
      [row] = await this.read(tx);
    }
    return {
      firstReplyMinutes: row.first_reply_minutes,
      resolutionMinutes: row.resolution_minutes,
      revisitDays: row.revisit_days,
      severityOverrides: row.severity_overrides ?? {},
      businessHours: row.business_hours,
      holidays: row.holidays ?? [],
      agentCompensationLimit: Number(row.agent_compensation_limit),
      supervisorCompensationLimit: Number(row.supervisor_compensation_limit),
      reopenWindowDays: row.reopen_window_days,
      timeZone: row.time_zone,
      floor: row.sla_floor && Object.keys(row.sla_floor).length > 0 ? row.sla_floor : null,
    };
  }

  private read(tx: EntityManager): Promise<PolicyRow[]> {
    return tx.query(
      `SELECT p.*, t.time_zone, s.sla_floor FROM complaint_policies p
       JOIN tenants t ON t.id = p.tenant_id
       LEFT JOIN chain_standards s ON s.chain_id = t.chain_id
       WHERE p.tenant_id = app_tenant_id()`,
    );
  }

  get(): Promise<ComplaintPolicy> {
    return this.db.transaction((tx) => this.load(tx));
  }

  async updateSla(changes: {
    firstReplyMinutes?: number;
    resolutionMinutes?: number;
    revisitDays?: number;
    severityOverrides?: SlaPolicy['severityOverrides'];
    businessHours?: BusinessHours | null;
    holidays?: string[];
  }): Promise<ComplaintPolicy> {
    if (changes.businessHours) validateBusinessHours(changes.businessHours);
    return this.db.transaction(async (tx) => {
      const current = await this.load(tx);
      const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
      const next = { ...current, ...defined };
      const looser = looserThanFloor(next, current.floor);
      if (looser.length > 0)
        throw badInput(`The chain's SLA floor does not allow looser targets: ${looser.join(', ')}`, {
          fields: looser,
        });
      await tx.query(
        `UPDATE complaint_policies SET first_reply_minutes = $1, resolution_minutes = $2, revisit_days = $3,
           severity_overrides = $4, business_hours = $5, holidays = $6, updated_at = now()
         WHERE tenant_id = app_tenant_id()`,
        [
          next.firstReplyMinutes,
          next.resolutionMinutes,
          next.revisitDays,
          JSON.stringify(next.severityOverrides),
          next.businessHours ? JSON.stringify(next.businessHours) : null,
          JSON.stringify(next.holidays),
        ],
      );
      await this.events.append(tx, {
        type: 'policy.sla_updated',
        entity: { kind: 'tenant', id: RequestContext.actor().tenantId },
      });
      return this.load(tx);
    });
  }

  async updateCompensationLimits(agent: number, supervisor: number): Promise<ComplaintPolicy> {
    if (agent > supervisor) throw badInput("An agent's compensation authority cannot exceed a supervisor's");
    return this.db.transaction(async (tx) => {
      await this.load(tx);
      await tx.query(
        `UPDATE complaint_policies SET agent_compensation_limit = $1, supervisor_compensation_limit = $2, updated_at = now() WHERE tenant_id = app_tenant_id()`,
        [agent, supervisor],
      );
      await this.events.append(tx, {
        type: 'policy.compensation_updated',
        entity: { kind: 'tenant', id: RequestContext.actor().tenantId },
        data: { agent, supervisor },
      });
      return this.load(tx);
    });
  }

  /** HQ publishes the chain SLA floor: stores may be stricter, never looser. */
  async publishFloor(floor: Partial<SlaTargets>): Promise<Partial<SlaTargets>> {
    const actor = RequestContext.actor();
    return this.db.asTenant({ tenantId: actor.tenantId, chainId: actor.chainId }, async (tx) => {
      await tx.query(
        `INSERT INTO chain_standards (chain_id, sla_floor, published_at, published_by) VALUES ($1, $2, now(), $3)
         ON CONFLICT (chain_id) DO UPDATE SET sla_floor = EXCLUDED.sla_floor, published_at = now(), published_by = EXCLUDED.published_by`,
        [actor.chainId, JSON.stringify(floor), actor.userId],
      );
      return floor;
    });
  }
}

/** Compensation authority of a role (DESIGN section 4); Infinity for the owner. */
export function compensationAuthority(policy: ComplaintPolicy, role: Role | 'SYSTEM'): number {
  switch (role) {
    case Role.OWNER:
      return Number.POSITIVE_INFINITY;
    case Role.SUPERVISOR:
      return policy.supervisorCompensationLimit;
    case Role.AGENT:
      return policy.agentCompensationLimit;
    default:
      return 0;
  }
}

export const calendarOf = (policy: ComplaintPolicy): Calendar => ({
  timeZone: policy.timeZone,
  businessHours: policy.businessHours,
  holidays: policy.holidays,
});

export function validateBusinessHours(hours: BusinessHours): void {
  const time = /^([01]\d|2[0-3]):[0-5]\d$/;
  if (!time.test(hours.start) || !time.test(hours.end) || hours.start >= hours.end) {
    throw badInput('Business hours need HH:MM start before end');
  }
  if (hours.days.length === 0 || hours.days.some((day) => !Number.isInteger(day) || day < 1 || day > 7)) {
    throw badInput('Business days are ISO weekdays 1 (Monday) to 7 (Sunday)');
  }
}

export const SEVERITIES: Severity[] = ['LOW', 'NORMAL', 'HIGH', 'CRITICAL'];
