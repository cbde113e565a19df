import { Injectable } from '@nestjs/common';
import { badInput, forbidden, notFound, RequestContext, requireId, Role } from '@service-desk/core';
import { Database } from '@service-desk/db';
import type { EntityManager } from 'typeorm';
import {
  RATED_ROLES,
  type RosterSlot,
  TEAM_MEMBER_ROLES,
  type TeamTie,
  teamTie,
  teamWindow,
} from './team-rule.js';

export interface StaffMember {
  id: string;
  role: Role;
  active: boolean;
  name: string;
}

interface SlotRow {
  user_id: string;
  date: string;
  shift_id: string;
  zone_id: string | null;
  responsible_id: string | null;
}

/**
 * Applies the team rule (team-rule.ts) to the roster: who may record or read behaviour evidence
 * about whom. Owners rate anyone rated; supervisors only the members of their team; nobody
 * themselves. Missing ids (or another tenant's) are NOT_FOUND.
 */
@Injectable()
export class BehaviourTeam {
  constructor(private readonly db: Database) {}

  /** The signed-in supervisor's team. */
  mine(): Promise<Array<StaffMember & { tie: TeamTie }>> {
    const actor = RequestContext.actor();
    if (!actor.userId) throw forbidden();
    const supervisorId = actor.userId;
    return this.db.transaction((tx) => this.members(tx, supervisorId));
  }

  /** Staff members of the tenant by id; NOT_FOUND when any is missing. */
  async staff(tx: EntityManager, rawIds: readonly string[]): Promise<Map<string, StaffMember>> {
    const ids = [...new Set(rawIds.map((id) => requireId(id, 'Staff id')))];
    const rows: StaffMember[] = await tx.query(
      `SELECT id, role, active, display_name AS name FROM users WHERE tenant_id = app_tenant_id() AND id = ANY($1::uuid[])`,
      [ids],
    );
    if (rows.length !== ids.length) throw notFound('Staff member');
    return new Map(rows.map((row) => [row.id, row]));
  }

  /**
   * Checks that the actor may rate or record incidents for every staff member listed (active,
   * rated roles, in a supervisor's team) and returns them.
   */
  async requireRaterOf(tx: EntityManager, rawIds: readonly string[]): Promise<Map<string, StaffMember>> {
    const actor = RequestContext.actor();
    const staff = await this.staff(tx, rawIds);
    for (const member of staff.values()) {
      if (member.id === actor.userId) throw forbidden('Nobody rates themselves');
      if (!RATED_ROLES.includes(member.role))
        throw badInput('Only supervisors, agents and field staff are rated');
      if (!member.active) throw badInput('The staff member is deactivated');
    }
    if (actor.role === Role.OWNER) return staff;
    if (actor.role !== Role.SUPERVISOR || !actor.userId) throw forbidden();
    const outside = await this.outsideTeam(tx, actor.userId, [...staff.values()]);
    if (outside.length > 0) throw forbidden('Supervisors rate only their own team');
    return staff;
  }

  /** Checks that the actor may read a staff member's evidence (see BEHAVIOUR_EVIDENCE_READERS). */
  async requireReaderOf(tx: EntityManager, rawId: string): Promise<StaffMember> {
    const actor = RequestContext.actor();
    const member = (await this.staff(tx, [rawId])).values().next().value as StaffMember;
    if (actor.role === Role.OWNER || actor.role === Role.HR || member.id === actor.userId) return member;
    if (actor.role === Role.SUPERVISOR && actor.userId) {
      if ((await this.outsideTeam(tx, actor.userId, [member])).length === 0) return member;
    }
    throw forbidden('Only the staff member, their supervisor, the owner and HR see this evidence');
  }

  /**
   * The supervisor's team, by name. SQL narrows the roster to the entries that can tie someone to
   * the supervisor (their zones, their date and shift); the rule itself decides.
   */
  async members(tx: EntityManager, supervisorId: string): Promise<Array<StaffMember & { tie: TeamTie }>> {
    const today = await this.today(tx);
    const { from, to } = teamWindow(today);
    const rows: Array<SlotRow & { role: Role; name: string; active: boolean }> = await tx.query(
      `SELECT DISTINCT u.id AS user_id, u.role, u.display_name AS name, u.active,
              to_char(r.date, 'YYYY-MM-DD') AS date, r.shift_id, r.zone_id, z.responsible_id
         FROM roster_entries r
         JOIN users u ON u.tenant_id = r.tenant_id AND u.id = r.user_id
         LEFT JOIN zones z ON z.tenant_id = r.tenant_id AND z.id = r.zone_id
        WHERE r.tenant_id = app_tenant_id() AND r.date BETWEEN $2::date AND $3::date
          AND u.active AND u.role = ANY($4::text[])
          AND (z.responsible_id = $1 OR EXISTS (
                SELECT 1 FROM roster_entries s
                 WHERE s.tenant_id = r.tenant_id AND s.user_id = $1 AND s.date = r.date AND s.shift_id = r.shift_id))`,
      [supervisorId, from, to, TEAM_MEMBER_ROLES],
    );
    const supervisorSlots: RosterSlot[] = (
      await tx.query(
        `SELECT to_char(date, 'YYYY-MM-DD') AS date, shift_id, zone_id FROM roster_entries
          WHERE tenant_id = app_tenant_id() AND user_id = $1 AND date BETWEEN $2::date AND $3::date`,
        [supervisorId, from, to],
      )
    ).map((row: { date: string; shift_id: string; zone_id: string | null }) => ({
      date: row.date,
      shiftId: row.shift_id,
      zoneId: row.zone_id,
      zoneResponsibleId: null,
    }));
    const byUser = new Map<string, typeof rows>();
    for (const row of rows) byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), row]);
    const members: Array<StaffMember & { tie: TeamTie }> = [];
    for (const [id, slots] of byUser) {
      const tie = teamTie({
        supervisorId,
        staffRole: slots[0].role,
        today,
        supervisorSlots,
        staffSlots: slots.map((row) => ({
          date: row.date,
          shiftId: row.shift_id,
          zoneId: row.zone_id,
          zoneResponsibleId: row.responsible_id,
        })),
      });
      if (tie) members.push({ id, role: slots[0].role, name: slots[0].name, active: slots[0].active, tie });
    }
    return members.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
  }

  /** The members not on the supervisor's team. */
  async outsideTeam(tx: EntityManager, supervisorId: string, members: StaffMember[]): Promise<StaffMember[]> {
    const today = await this.today(tx);
    const { from, to } = teamWindow(today);
    const rows: SlotRow[] = await tx.query(
      `SELECT r.user_id, to_char(r.date, 'YYYY-MM-DD') AS date, r.shift_id, r.zone_id, z.responsible_id
         FROM roster_entries r
         LEFT JOIN zones z ON z.tenant_id = r.tenant_id AND z.id = r.zone_id
        WHERE r.tenant_id = app_tenant_id() AND r.user_id = ANY($1::uuid[]) AND r.date BETWEEN $2::date AND $3::date`,
      [[supervisorId, ...members.map((m) => m.id)], from, to],
    );
    const slotsOf = (userId: string): RosterSlot[] =>
      rows
        .filter((row) => row.user_id === userId)
        .map((row) => ({
          date: row.date,
          shiftId: row.shift_id,
          zoneId: row.zone_id,
          zoneResponsibleId: row.responsible_id,
        }));
    const supervisorSlots = slotsOf(supervisorId);
    return members.filter(
      (member) =>
        teamTie({
          supervisorId,
          staffRole: member.role,
          today,
          supervisorSlots,
          staffSlots: slotsOf(member.id),
        }) === null,
    );
  }

  /** Today in the tenant's time zone. */
  private async today(tx: EntityManager): Promise<string> {
    const [{ today }]: Array<{ today: string }> = await tx.query(
      `SELECT to_char((now() AT TIME ZONE time_zone)::date, 'YYYY-MM-DD') AS today FROM tenants WHERE id = app_tenant_id()`,
    );
    return today;
  }
}
