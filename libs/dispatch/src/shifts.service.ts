import { Injectable } from '@nestjs/common';
import { uniqueViolation } from '@service-desk/auth';
import { badInput, conflict, Cursor, isUuid, newId, toConnection } from '@service-desk/core';
import { Database } from '@service-desk/db';
import { EventLog } from '@service-desk/events';
import type { CreateShiftInput } from './dto/shift.input.js';
import { crossesMidnight, isClockTime } from './on-shift.js';
import { type ShiftConnection, type ShiftObject, ShiftTeam } from './shift.object.js';

/** Shift columns as read everywhere: times as "HH:MM". */
export const SHIFT_COLUMNS = `id, name, team, to_char(starts_at, 'HH24:MI') AS start, to_char(ends_at, 'HH24:MI') AS "end", created_at`;

export interface ShiftRow {
  id: string;
  name: string;
  team: ShiftTeam;
  start: string;
  end: string;
  created_at: Date;
}

const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

export const toShiftObject = (row: ShiftRow): ShiftObject => {
  const crosses = crossesMidnight(row.start, row.end);
  return {
    id: row.id,
    name: row.name,
    team: row.team,
    start: row.start,
    end: row.end,
    crossesMidnight: crosses,
    durationMinutes: minutes(row.end) - minutes(row.start) + (crosses ? 24 * 60 : 0),
    createdAt: row.created_at,
  };
};

const TEAMS = new Set<string>(Object.values(ShiftTeam));

/** Shift patterns of the tenant (front desk and field). */
@Injectable()
export class ShiftsService {
  constructor(
    private readonly db: Database,
    private readonly events: EventLog,
  ) {}

  async create(input: CreateShiftInput): Promise<ShiftObject> {
    if (input.start === input.end) throw badInput('A shift cannot start and end at the same time');
    try {
      return await this.db.transaction(async (tx) => {
        const [row]: ShiftRow[] = await tx.query(
          `INSERT INTO shifts (tenant_id, id, name, team, starts_at, ends_at)
           VALUES (app_tenant_id(), $1, $2, $3, $4, $5) RETURNING ${SHIFT_COLUMNS}`,
          [newId(), input.name.trim(), input.team, input.start, input.end],
        );
        await this.events.append(tx, {
          type: 'shift.created',
          entity: { kind: 'shift', id: row.id },
          data: { name: row.name, team: row.team, start: row.start, end: row.end },
        });
        return toShiftObject(row);
      });
    } catch (error) {
      if (uniqueViolation(error) === 'shifts_tenant_id_name_key')
        throw conflict('A shift with this name already exists');
      throw error;
    }
  }

  /** Shifts by team and start time; keyset-paginated on (team, start, id). */
  list(filter: { team?: ShiftTeam | null; first: number; after?: string | null }): Promise<ShiftConnection> {
    const [afterTeam, afterStart, afterId] = filter.after
      ? Cursor.decode(filter.after, 3)
      : [null, null, null];
    if (
      filter.after &&
      !(
        TEAMS.has(afterTeam as string) &&
        isClockTime(afterStart as string) &&
        typeof afterId === 'string' &&
        isUuid(afterId)
      )
    )
      throw badInput('Malformed cursor');
    return this.db.transaction(async (tx) => {
      const rows: ShiftRow[] = await tx.query(
        `SELECT ${SHIFT_COLUMNS} FROM shifts
         WHERE tenant_id = app_tenant_id() AND ($1::text IS NULL OR team = $1)
           AND ($2::text IS NULL OR (team, starts_at, id) > ($2::text, $3::time, $4::uuid))
         ORDER BY team, starts_at, id LIMIT $5`,
        [filter.team ?? null, afterTeam, afterStart, afterId, filter.first + 1],
      );
      return toConnection(rows.map(toShiftObject), filter.first, (shift) => [
        shift.team,
        shift.start,
        shift.id,
      ]);
    });
  }
}
