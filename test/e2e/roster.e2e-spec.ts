import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { zonedParts } from '@service-desk/complaints';
import { newId, Role } from '@service-desk/core';
import { Database } from '@service-desk/db';
import { RosterService } from '@service-desk/dispatch';
import { asOwner, errorCode, type GraphqlResult } from '@service-desk/testing';
import { type ApiHarness, startApi } from '../support/api.js';

type Tenant = Awaited<ReturnType<ApiHarness['tenant']>>;

const ZONE = 'id name description responsibleId active responsible { id role }';
const SHIFT = 'id name team start end crossesMidnight durationMinutes';
const ENTRY =
  'id date userId zoneId startsAt endsAt shift { id name team start end } zone { id name } user { id role }';

const CREATE_ZONE = `mutation($input: CreateZoneInput!) { createZone(input: $input) { ${ZONE} } }`;
const UPDATE_ZONE = `mutation($input: UpdateZoneInput!) { updateZone(input: $input) { ${ZONE} } }`;
const CREATE_SHIFT = `mutation($input: CreateShiftInput!) { createShift(input: $input) { ${SHIFT} } }`;
const SET_ROSTER = `mutation($input: SetRosterInput!) { setRoster(input: $input) { ${ENTRY} } }`;
const REMOVE_ENTRY = `mutation($input: RemoveRosterEntryInput!) { removeRosterEntry(input: $input) { ${ENTRY} } }`;
const GENERATE = `mutation($input: GenerateRosterInput!) { generateRoster(input: $input) { weekStart weekEnd rotationWeek entries changed } }`;
const ROSTER = `query($from: String!, $to: String!, $zoneId: ID, $userId: ID, $first: Int, $after: String) {
  roster(from: $from, to: $to, zoneId: $zoneId, userId: $userId, first: $first, after: $after) {
    edges { cursor node { ${ENTRY} } } pageInfo { hasNextPage endCursor } } }`;
const MY_ROSTER = `query($from: String!, $to: String!) { myRoster(from: $from, to: $to, first: 100) { edges { node { ${ENTRY} } } } }`;
const ON_SHIFT_NOW = `query($zoneId: ID) { onShiftNow(zoneId: $zoneId) { ${ENTRY} } }`;

interface Entry {
  id: string;
  date: string;
  userId: string;
  zoneId: string | null;
  startsAt: string;
  endsAt: string;
  shift: { id: string; name: string; team: string; start: string; end: string };
  zone: { id: string; name: string } | null;
  user: { id: string; role: string };
}

const MINUTE = 60_000;
const pad = (n: number) => String(n).padStart(2, '0');
/** Local date and "HH:MM" of an instant in a time zone. */
const local = (at: Date, timeZone: string) => {
  const p = zonedParts(at.getTime(), timeZone);
  return { date: `${p.year}-${pad(p.month)}-${pad(p.day)}`, time: `${pad(p.hour)}:${pad(p.minute)}` };
};
const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
const clock = (minutes: number) => `${pad(Math.floor(minutes / 60) % 24)}:${pad(minutes % 60)}`;

describe('zones, shifts and rosters', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  /** A call that must succeed; answers its data. */
  const ok = async <T = any>(
    query: string,
    variables: Record<string, unknown>,
    token: string,
  ): Promise<T> => {
    const result = await api.gql(query, variables, token);
    if (result.errors || !result.data) throw new Error(JSON.stringify(result.errors));
    return result.data as T;
  };
  const owner = (t: Tenant) => t.token(Role.OWNER);
  const supervisor = (t: Tenant) => t.token(Role.SUPERVISOR);

  const zone = async (t: Tenant, name: string, extra: Record<string, unknown> = {}) =>
    (await ok(CREATE_ZONE, { input: { name, ...extra } }, await supervisor(t))).createZone;
  const shift = async (t: Tenant, name: string, team: string, start: string, end: string) =>
    (await ok(CREATE_SHIFT, { input: { name, team, start, end } }, await supervisor(t))).createShift;
  const setRoster = (t: Tenant, input: Record<string, unknown>, token?: string) =>
    supervisor(t).then((s) => api.gql(SET_ROSTER, { input }, token ?? s));
  const rosterOf = async (t: Tenant, from: string, to: string, filter: Record<string, unknown> = {}) =>
    (await ok(ROSTER, { from, to, first: 100, ...filter }, await t.token(Role.AGENT))).roster.edges.map(
      (edge: { node: Entry }) => edge.node,
    ) as Entry[];
  /** One more staff member of a role (fixtures have one per role). */
  const addUser = async (t: Tenant, role: Role, active = true) => {
    const id = newId();
    await asOwner(t.tenantId, (client) =>
      client.query(
        `INSERT INTO users (tenant_id, id, email, display_name, role, password_hash, active) VALUES ($1, $2, $3, $4, $5, 'unused', $6)`,
        [t.tenantId, id, `${id}@fixture.test`, `${role} ${id.slice(-4)}`, role, active],
      ),
    );
    return id;
  };
  const setTimeZone = (t: Tenant, timeZone: string) =>
    asOwner(t.tenantId, (client) =>
      client.query('UPDATE tenants SET time_zone = $2 WHERE id = $1', [t.tenantId, timeZone]),
    );
  const events = (t: Tenant, type: string) =>
    asOwner(t.tenantId, async (client) => {
      const { rows } = await client.query(
        `SELECT entity_kind, entity_id, data FROM tenant_events WHERE tenant_id = $1 AND type = $2 ORDER BY seq`,
        [t.tenantId, type],
      );
      return rows as Array<{ entity_kind: string; entity_id: string; data: Record<string, any> }>;
    });
  const onShiftFieldStaff = (t: Tenant, zoneId: string, at: Date) =>
    api.app
      .get(Database, { strict: false })
      .asTenant({ tenantId: t.tenantId }, (tx) =>
        api.app.get(RosterService, { strict: false }).onShiftFieldStaff(tx, zoneId, at),
      );
  const zonesOf = (t: Tenant, userId: string, at: Date) =>
    api.app
      .get(Database, { strict: false })
      .asTenant({ tenantId: t.tenantId }, (tx) =>
        api.app.get(RosterService, { strict: false }).zonesOf(tx, userId, at),
      );

  describe('zones', () => {
    it('supervisors create and change zones with a responsible person; the name is unique', async () => {
      const t = await api.tenant();
      const created = await zone(t, 'Building A', {
        description: 'Towers 1–3',
        responsibleId: t.users.SUPERVISOR.id,
      });
      expect(created).toMatchObject({
        name: 'Building A',
        description: 'Towers 1–3',
        active: true,
        responsible: { id: t.users.SUPERVISOR.id, role: 'SUPERVISOR' },
      });
      expect(errorCode(await api.gql(CREATE_ZONE, { input: { name: 'Building A' } }, await owner(t)))).toBe(
        'CONFLICT',
      );

      const updated = await ok(
        UPDATE_ZONE,
        {
          input: {
            zoneId: created.id,
            name: 'Building A (North)',
            description: null,
            responsibleId: t.users.FIELD_STAFF.id,
            active: false,
          },
        },
        await owner(t),
      );
      expect(updated.updateZone).toMatchObject({
        id: created.id,
        name: 'Building A (North)',
        description: null,
        active: false,
        responsible: { id: t.users.FIELD_STAFF.id, role: 'FIELD_STAFF' },
      });
      const garden = await zone(t, 'Garden');
      const active = await ok(
        '{ zones(first: 10, active: true) { edges { node { id name } } } }',
        {},
        await t.token(Role.AGENT),
      );
      expect(active.zones.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([garden.id]);

      // Each change is in the event log, in its transaction.
      expect((await events(t, 'zone.created')).map((event) => event.entity_id)).toEqual([
        created.id,
        garden.id,
      ]);
      const [change] = await events(t, 'zone.updated');
      expect(change).toMatchObject({ entity_kind: 'zone', entity_id: created.id });
      expect(change.data.fields).toEqual(['active', 'description', 'name', 'responsibleId']);
      // Nothing to change: no event.
      await ok(UPDATE_ZONE, { input: { zoneId: garden.id, name: 'Garden' } }, await owner(t));
      expect(await events(t, 'zone.updated')).toHaveLength(1);
    });

    it('refuses a deactivated responsible person, blank names and malformed ids', async () => {
      const t = await api.tenant();
      const gone = await addUser(t, Role.FIELD_STAFF, false);
      const s = await supervisor(t);
      expect(errorCode(await api.gql(CREATE_ZONE, { input: { name: 'B', responsibleId: gone } }, s))).toBe(
        'BAD_USER_INPUT',
      );
      expect(errorCode(await api.gql(CREATE_ZONE, { input: { name: '   ' } }, s))).toBe('BAD_USER_INPUT');
      expect(errorCode(await api.gql(CREATE_ZONE, { input: { name: 'x'.repeat(81) } }, s))).toBe(
        'BAD_USER_INPUT',
      );
      expect(errorCode(await api.gql(UPDATE_ZONE, { input: { zoneId: 'not-an-id', name: 'B' } }, s))).toBe(
        'BAD_USER_INPUT',
      );
      expect(errorCode(await api.gql(UPDATE_ZONE, { input: { zoneId: newId(), name: 'B' } }, s))).toBe(
        'NOT_FOUND',
      );
    });

    it('only owners and supervisors manage zones and shifts; field staff and HR do not even read them', async () => {
      const t = await api.tenant();
      const agent = await t.token(Role.AGENT);
      const field = await t.token(Role.FIELD_STAFF);
      const hr = await t.token(Role.HR);
      expect(errorCode(await api.gql(CREATE_ZONE, { input: { name: 'By agent' } }, agent))).toBe('FORBIDDEN');
      expect(
        errorCode(
          await api.gql(
            CREATE_SHIFT,
            { input: { name: 'X', team: 'FIELD', start: '08:00', end: '09:00' } },
            agent,
          ),
        ),
      ).toBe('FORBIDDEN');
      for (const token of [field, hr]) {
        expect(errorCode(await api.gql('{ zones { edges { node { id } } } }', {}, token))).toBe('FORBIDDEN');
        expect(errorCode(await api.gql('{ shifts { edges { node { id } } } }', {}, token))).toBe('FORBIDDEN');
      }
      expect((await ok('{ zones { edges { node { id } } } }', {}, agent)).zones.edges).toEqual([]);
      const count = await asOwner(t.tenantId, async (client) => {
        const { rows } = await client.query('SELECT count(*)::int AS n FROM zones WHERE tenant_id = $1', [
          t.tenantId,
        ]);
        return rows[0].n;
      });
      expect(count).toBe(0);
    });
  });

  describe('shifts', () => {
    it('creates front-desk and field shifts, including one crossing midnight', async () => {
      const t = await api.tenant();
      expect(await shift(t, 'EARLY', 'FRONT_DESK', '08:00', '16:00')).toMatchObject({
        team: 'FRONT_DESK',
        start: '08:00',
        end: '16:00',
        crossesMidnight: false,
        durationMinutes: 480,
      });
      expect(await shift(t, 'NIGHT', 'FIELD', '22:00', '06:00')).toMatchObject({
        crossesMidnight: true,
        durationMinutes: 480,
      });
      await shift(t, 'FIELD-DAY', 'FIELD', '08:30', '17:30');
      const s = await supervisor(t);
      const bad = (input: Record<string, unknown>) => api.gql(CREATE_SHIFT, { input }, s).then(errorCode);
      expect(await bad({ name: 'SAME', team: 'FIELD', start: '09:00', end: '09:00' })).toBe('BAD_USER_INPUT');
      expect(await bad({ name: 'LATE', team: 'FIELD', start: '24:00', end: '06:00' })).toBe('BAD_USER_INPUT');
      expect(await bad({ name: 'LATE', team: 'FIELD', start: '9:00', end: '17:00' })).toBe('BAD_USER_INPUT');
      expect(await bad({ name: 'LATE', team: 'NIGHTS', start: '09:00', end: '17:00' })).toBe(
        'BAD_USER_INPUT',
      );
      expect(await bad({ name: 'EARLY', team: 'FIELD', start: '09:00', end: '17:00' })).toBe('CONFLICT');

      const field = await ok(
        '{ shifts(team: FIELD) { edges { node { name start } } } }',
        {},
        await t.token(Role.AGENT),
      );
      expect(field.shifts.edges.map((edge: { node: { name: string } }) => edge.node.name)).toEqual([
        'FIELD-DAY',
        'NIGHT',
      ]);
      const page = await ok(
        '{ shifts(first: 2) { edges { node { name } } pageInfo { hasNextPage endCursor } } }',
        {},
        s,
      );
      expect(page.shifts.pageInfo.hasNextPage).toBe(true);
      const rest = await ok(
        'query($after: String) { shifts(first: 2, after: $after) { edges { node { name } } pageInfo { hasNextPage } } }',
        { after: page.shifts.pageInfo.endCursor },
        s,
      );
      expect(rest.shifts.edges.map((edge: { node: { name: string } }) => edge.node.name)).toEqual(['EARLY']);
      expect(rest.shifts.pageInfo.hasNextPage).toBe(false);
      expect(
        errorCode(await api.gql('{ shifts(first: 2, after: "bm9wZQ") { edges { node { name } } } }', {}, s)),
      ).toBe('BAD_USER_INPUT');
    });
  });

  describe('setRoster', () => {
    it('creates an entry, replaces it for the same date, and writes roster.updated only on a change', async () => {
      const t = await api.tenant();
      const early = await shift(t, 'EARLY', 'FRONT_DESK', '08:00', '16:00');
      const mid = await shift(t, 'MID', 'FRONT_DESK', '13:00', '21:00');
      const agent = t.users.AGENT.id;
      const first = await setRoster(t, { userId: agent, date: '2025-06-02', shiftId: early.id });
      expect(first.data?.setRoster).toMatchObject({
        date: '2025-06-02',
        userId: agent,
        zoneId: null,
        zone: null,
        shift: { id: early.id, team: 'FRONT_DESK' },
        user: { id: agent, role: 'AGENT' },
        // Asia/Shanghai, the fixture tenant's zone: UTC+8.
        startsAt: '2025-06-02T00:00:00.000Z',
        endsAt: '2025-06-02T08:00:00.000Z',
      });
      const again = await setRoster(t, { userId: agent, date: '2025-06-02', shiftId: early.id });
      expect(again.data?.setRoster.id).toBe(first.data?.setRoster.id);
      expect(await events(t, 'roster.updated')).toHaveLength(1);

      const replaced = await setRoster(t, { userId: agent, date: '2025-06-02', shiftId: mid.id });
      expect(replaced.data?.setRoster.shift.id).toBe(mid.id);
      const day = await rosterOf(t, '2025-06-02', '2025-06-02');
      expect(day.map((entry) => entry.shift.name)).toEqual(['MID']);
      const updates = await events(t, 'roster.updated');
      expect(updates).toHaveLength(2);
      expect(updates[1]).toMatchObject({
        entity_kind: 'user',
        entity_id: agent,
        data: { userId: agent, change: 'SET', dates: ['2025-06-02'], shiftId: mid.id, zoneId: null },
      });

      const removed = await ok(
        REMOVE_ENTRY,
        { input: { entryId: replaced.data?.setRoster.id } },
        await owner(t),
      );
      expect(removed.removeRosterEntry.shift.name).toBe('MID');
      expect(await rosterOf(t, '2025-06-02', '2025-06-02')).toEqual([]);
      expect(
        errorCode(
          await api.gql(REMOVE_ENTRY, { input: { entryId: replaced.data?.setRoster.id } }, await owner(t)),
        ),
      ).toBe('NOT_FOUND');
      expect((await events(t, 'roster.updated')).at(-1)?.data).toMatchObject({
        change: 'REMOVED',
        userId: agent,
      });
    });

    it('puts field staff on field shifts in a zone and the front desk on front-desk shifts', async () => {
      const t = await api.tenant();
      const desk = await shift(t, 'EARLY', 'FRONT_DESK', '08:00', '16:00');
      const field = await shift(t, 'FIELD-DAY', 'FIELD', '08:30', '17:30');
      const a = await zone(t, 'Building A');
      const retired = await zone(t, 'Old wing');
      await ok(UPDATE_ZONE, { input: { zoneId: retired.id, active: false } }, await owner(t));
      const gone = await addUser(t, Role.FIELD_STAFF, false);
      const date = '2025-06-03';
      const code = async (input: Record<string, unknown>) =>
        errorCode(await setRoster(t, { date, ...input }));

      expect(await code({ userId: t.users.FIELD_STAFF.id, shiftId: desk.id, zoneId: a.id })).toBe(
        'BAD_USER_INPUT',
      );
      expect(await code({ userId: t.users.AGENT.id, shiftId: field.id, zoneId: a.id })).toBe(
        'BAD_USER_INPUT',
      );
      expect(await code({ userId: t.users.OWNER.id, shiftId: desk.id })).toBe('BAD_USER_INPUT');
      expect(await code({ userId: t.users.HR.id, shiftId: desk.id })).toBe('BAD_USER_INPUT');
      expect(await code({ userId: t.users.FIELD_STAFF.id, shiftId: field.id })).toBe('BAD_USER_INPUT');
      expect(await code({ userId: t.users.FIELD_STAFF.id, shiftId: field.id, zoneId: retired.id })).toBe(
        'BAD_USER_INPUT',
      );
      expect(await code({ userId: gone, shiftId: field.id, zoneId: a.id })).toBe('BAD_USER_INPUT');
      expect(await code({ userId: 'nope', shiftId: field.id, zoneId: a.id })).toBe('BAD_USER_INPUT');
      expect(await code({ userId: t.users.FIELD_STAFF.id, shiftId: newId(), zoneId: a.id })).toBe(
        'NOT_FOUND',
      );
      expect(
        errorCode(
          await setRoster(t, {
            userId: t.users.FIELD_STAFF.id,
            date: '2025-02-30',
            shiftId: field.id,
            zoneId: a.id,
          }),
        ),
      ).toBe('BAD_USER_INPUT');
      expect(await rosterOf(t, date, date)).toEqual([]);

      const entry = await setRoster(t, {
        userId: t.users.FIELD_STAFF.id,
        shiftId: field.id,
        zoneId: a.id,
        date,
      });
      expect(entry.data?.setRoster).toMatchObject({ zoneId: a.id, zone: { name: 'Building A' } });
      // A supervisor may be at the front desk of a zone, too.
      const desked = await setRoster(t, {
        userId: t.users.SUPERVISOR.id,
        shiftId: desk.id,
        zoneId: a.id,
        date,
      });
      expect(desked.data?.setRoster.zoneId).toBe(a.id);
      // Agents read the roster but do not change it.
      expect(
        errorCode(
          await setRoster(t, { userId: t.users.AGENT.id, shiftId: desk.id, date }, await t.token(Role.AGENT)),
        ),
      ).toBe('FORBIDDEN');
    });

    it("refuses a shift that overlaps the same person's shift of the day before or after", async () => {
      const t = await api.tenant();
      const night = await shift(t, 'NIGHT', 'FIELD', '22:00', '06:00');
      const dawn = await shift(t, 'DAWN', 'FIELD', '05:00', '13:00');
      const day = await shift(t, 'DAY', 'FIELD', '06:00', '14:00');
      const a = await zone(t, 'A');
      const field = t.users.FIELD_STAFF.id;
      await setRoster(t, { userId: field, date: '2025-06-02', shiftId: night.id, zoneId: a.id });
      const clash = await setRoster(t, { userId: field, date: '2025-06-03', shiftId: dawn.id, zoneId: a.id });
      expect(errorCode(clash)).toBe('BAD_USER_INPUT');
      expect(clash.errors?.[0]?.message).toContain('overlaps');
      // Starting when the night shift ends is fine.
      expect(
        (await setRoster(t, { userId: field, date: '2025-06-03', shiftId: day.id, zoneId: a.id })).errors,
      ).toBeUndefined();
      // And so is another person at the same time.
      const other = await addUser(t, Role.FIELD_STAFF);
      expect(
        (await setRoster(t, { userId: other, date: '2025-06-03', shiftId: dawn.id, zoneId: a.id })).errors,
      ).toBeUndefined();
    });
  });

  describe('roster instants', () => {
    it('answers the absolute start and end of each entry in the tenant time zone, across midnight and DST changes', async () => {
      const t = await api.tenant();
      await setTimeZone(t, 'America/New_York');
      const night = await shift(t, 'NIGHT', 'FIELD', '22:00', '06:00');
      const day = await shift(t, 'FIELD-DAY', 'FIELD', '08:30', '17:30');
      const a = await zone(t, 'A');
      const field = t.users.FIELD_STAFF.id;
      for (const [date, shiftId] of [
        ['2025-03-08', night.id], // spring forward during the night
        ['2025-06-02', day.id],
        ['2025-06-03', night.id],
        ['2025-11-01', night.id], // fall back during the night
      ]) {
        const result = await setRoster(t, { userId: field, date, shiftId, zoneId: a.id });
        expect(result.errors).toBeUndefined();
      }
      const instants = (entries: Entry[]) =>
        entries.map((entry) => [entry.date, entry.startsAt, entry.endsAt]);
      expect(instants(await rosterOf(t, '2025-03-01', '2025-03-31'))).toEqual([
        ['2025-03-08', '2025-03-09T03:00:00.000Z', '2025-03-09T10:00:00.000Z'],
      ]);
      expect(instants(await rosterOf(t, '2025-06-01', '2025-06-30'))).toEqual([
        ['2025-06-02', '2025-06-02T12:30:00.000Z', '2025-06-02T21:30:00.000Z'],
        ['2025-06-03', '2025-06-04T02:00:00.000Z', '2025-06-04T10:00:00.000Z'],
      ]);
      expect(instants(await rosterOf(t, '2025-11-01', '2025-11-01'))).toEqual([
        ['2025-11-01', '2025-11-02T02:00:00.000Z', '2025-11-02T11:00:00.000Z'],
      ]);

      // The set-based SQL agrees with those instants, at both ends and on both DST nights.
      const at = (iso: string) => onShiftFieldStaff(t, a.id, new Date(iso));
      expect(await at('2025-03-09T02:59:00Z')).toEqual([]);
      expect(await at('2025-03-09T03:00:00Z')).toEqual([field]);
      expect(await at('2025-03-09T09:59:00Z')).toEqual([field]);
      expect(await at('2025-03-09T10:00:00Z')).toEqual([]);
      expect(await at('2025-06-04T01:59:00Z')).toEqual([]);
      expect(await at('2025-06-04T02:00:00Z')).toEqual([field]); // 22:00 on June 3
      expect(await at('2025-06-04T05:00:00Z')).toEqual([field]); // 01:00 on June 4: yesterday's entry
      expect(await at('2025-06-04T10:00:00Z')).toEqual([]);
      expect(await at('2025-11-02T10:59:00Z')).toEqual([field]);
      expect(await at('2025-11-02T11:00:00Z')).toEqual([]);
      expect(await zonesOf(t, field, new Date('2025-11-02T05:30:00Z'))).toEqual([a.id]);
      expect(await zonesOf(t, field, new Date('2025-11-02T12:00:00Z'))).toEqual([]);
    });

    it('pages through a date range and bounds it', async () => {
      const t = await api.tenant();
      const early = await shift(t, 'EARLY', 'FRONT_DESK', '08:00', '16:00');
      for (const date of ['2025-06-02', '2025-06-03', '2025-06-04']) {
        await setRoster(t, { userId: t.users.AGENT.id, date, shiftId: early.id });
      }
      const agent = await t.token(Role.AGENT);
      const page = await ok(ROSTER, { from: '2025-06-01', to: '2025-06-30', first: 2 }, agent);
      expect(page.roster.edges.map((edge: { node: Entry }) => edge.node.date)).toEqual([
        '2025-06-02',
        '2025-06-03',
      ]);
      expect(page.roster.pageInfo.hasNextPage).toBe(true);
      const next = await ok(
        ROSTER,
        { from: '2025-06-01', to: '2025-06-30', first: 2, after: page.roster.pageInfo.endCursor },
        agent,
      );
      expect(next.roster.edges.map((edge: { node: Entry }) => edge.node.date)).toEqual(['2025-06-04']);
      expect(next.roster.pageInfo.hasNextPage).toBe(false);
      const code = (variables: Record<string, unknown>) => api.gql(ROSTER, variables, agent).then(errorCode);
      expect(await code({ from: '2025-06-30', to: '2025-06-01' })).toBe('BAD_USER_INPUT');
      expect(await code({ from: '2025-01-01', to: '2025-12-31' })).toBe('BAD_USER_INPUT');
      expect(await code({ from: '2025-06-31', to: '2025-07-01' })).toBe('BAD_USER_INPUT');
      expect(await code({ from: 'June', to: '2025-07-01' })).toBe('BAD_USER_INPUT');
      expect(await code({ from: '2025-06-01', to: '2025-06-30', after: 'garbage' })).toBe('BAD_USER_INPUT');
      expect(await code({ from: '2025-06-01', to: '2025-06-30', zoneId: newId() })).toBe('NOT_FOUND');
      expect(await code({ from: '2025-06-01', to: '2025-06-30', userId: newId() })).toBe('NOT_FOUND');
    });
  });

  describe('generateRoster', () => {
    it('rotates shifts and zones week by week, skips days off, and is idempotent', async () => {
      const t = await api.tenant();
      const early = await shift(t, 'EARLY', 'FRONT_DESK', '08:00', '16:00');
      const mid = await shift(t, 'MID', 'FRONT_DESK', '13:00', '21:00');
      const fieldDay = await shift(t, 'FIELD-DAY', 'FIELD', '08:30', '17:30');
      const fieldLate = await shift(t, 'FIELD-LATE', 'FIELD', '13:00', '21:00');
      const a = await zone(t, 'Building A');
      const e = await zone(t, 'Building E');
      const field2 = await addUser(t, Role.FIELD_STAFF);
      const { AGENT: agent, SUPERVISOR: sup, FIELD_STAFF: field1 } = t.users;
      const input = (weekStart: string, daysOff: Array<{ userId: string; weekday: number }> = []) => ({
        weekStart,
        userIds: [agent.id, sup.id, field1.id, field2],
        shiftIds: [early.id, mid.id, fieldDay.id, fieldLate.id],
        zoneIds: [a.id, e.id],
        daysOff,
      });
      const week = '2025-06-02';
      const generate = async (value: Record<string, unknown>) =>
        (await ok(GENERATE, { input: value }, await supervisor(t))).generateRoster;

      const first = await generate(input(week, [{ userId: agent.id, weekday: 7 }]));
      expect(first).toMatchObject({ weekStart: week, weekEnd: '2025-06-08', entries: 27, changed: 27 });
      const entries = await rosterOf(t, week, '2025-06-08');
      expect(entries).toHaveLength(27);
      const byUser = (id: string, list = entries) => list.filter((entry) => entry.userId === id);
      expect(byUser(agent.id).map((entry) => entry.date)).not.toContain('2025-06-08');
      const shiftOf = (id: string, list = entries) => [
        ...new Set(byUser(id, list).map((entry) => entry.shift.name)),
      ];
      const zoneOf = (id: string, list = entries) => [
        ...new Set(byUser(id, list).map((entry) => entry.zoneId)),
      ];
      expect(shiftOf(agent.id)).toHaveLength(1);
      expect([...shiftOf(agent.id), ...shiftOf(sup.id)].sort()).toEqual(['EARLY', 'MID']);
      expect([...shiftOf(field1.id), ...shiftOf(field2)].sort()).toEqual(['FIELD-DAY', 'FIELD-LATE']);
      expect(zoneOf(agent.id)).toEqual([null]);
      expect([...zoneOf(field1.id), ...zoneOf(field2)].sort()).toEqual([a.id, e.id].sort());
      const eventsAfterFirst = (await events(t, 'roster.updated')).length;
      expect(eventsAfterFirst).toBe(4);

      // The same input again: nothing changes, no event.
      expect(await generate(input(week, [{ userId: agent.id, weekday: 7 }]))).toMatchObject({
        entries: 27,
        changed: 0,
      });
      expect((await rosterOf(t, week, '2025-06-08')).map((entry) => entry.id).sort()).toEqual(
        entries.map((entry) => entry.id).sort(),
      );
      expect(await events(t, 'roster.updated')).toHaveLength(eventsAfterFirst);

      // Next week everybody moves on: early and mid swap, and so do the field shifts and zones.
      await generate(input('2025-06-09'));
      const next = await rosterOf(t, '2025-06-09', '2025-06-15');
      expect(next).toHaveLength(28);
      expect(shiftOf(agent.id, next)).toEqual(shiftOf(sup.id));
      expect(shiftOf(sup.id, next)).toEqual(shiftOf(agent.id));
      expect(shiftOf(field1.id, next)).toEqual(shiftOf(field2));
      expect(zoneOf(field1.id, next)).toEqual(zoneOf(field2));

      // Regenerating a week with another day off removes that entry and only that one.
      const changed = await generate(
        input(week, [
          { userId: agent.id, weekday: 7 },
          { userId: sup.id, weekday: 6 },
        ]),
      );
      expect(changed).toMatchObject({ entries: 26, changed: 1 });
      const last = (await events(t, 'roster.updated')).at(-1);
      expect(last).toMatchObject({
        entity_id: sup.id,
        data: { change: 'GENERATED', dates: ['2025-06-07'], weekStart: week },
      });
    });

    it('refuses a week not starting on Monday, people who are not rostered and field staff without zones', async () => {
      const t = await api.tenant();
      const early = await shift(t, 'EARLY', 'FRONT_DESK', '08:00', '16:00');
      const fieldDay = await shift(t, 'FIELD-DAY', 'FIELD', '08:30', '17:30');
      const a = await zone(t, 'A');
      const s = await supervisor(t);
      const code = (input: Record<string, unknown>) => api.gql(GENERATE, { input }, s).then(errorCode);
      const base = { weekStart: '2025-06-02', userIds: [t.users.AGENT.id], shiftIds: [early.id] };
      expect(await code({ ...base, weekStart: '2025-06-03' })).toBe('BAD_USER_INPUT');
      expect(await code({ ...base, userIds: [t.users.OWNER.id] })).toBe('BAD_USER_INPUT');
      expect(await code({ ...base, shiftIds: [fieldDay.id] })).toBe('BAD_USER_INPUT');
      expect(await code({ ...base, userIds: [t.users.FIELD_STAFF.id], shiftIds: [fieldDay.id] })).toBe(
        'BAD_USER_INPUT',
      );
      expect(await code({ ...base, daysOff: [{ userId: t.users.SUPERVISOR.id, weekday: 1 }] })).toBe(
        'BAD_USER_INPUT',
      );
      expect(await code({ ...base, daysOff: [{ userId: t.users.AGENT.id, weekday: 8 }] })).toBe(
        'BAD_USER_INPUT',
      );
      expect(await code({ ...base, userIds: [t.users.AGENT.id, t.users.AGENT.id] })).toBe('BAD_USER_INPUT');
      expect(await code({ ...base, userIds: [newId()] })).toBe('NOT_FOUND');
      expect(await code({ ...base, zoneIds: [newId()] })).toBe('NOT_FOUND');
      expect(
        await code({ ...base, userIds: [t.users.FIELD_STAFF.id], shiftIds: [fieldDay.id], zoneIds: [a.id] }),
      ).toBeUndefined();
      expect(errorCode(await api.gql(GENERATE, { input: base }, await t.token(Role.AGENT)))).toBe(
        'FORBIDDEN',
      );
    });
  });

  describe('who is on shift now', () => {
    it('finds field staff whose shift covers now, including one that started yesterday and crosses midnight', async () => {
      const t = await api.tenant(); // Asia/Shanghai
      const tz = 'Asia/Shanghai';
      const now = new Date();
      const a = await zone(t, 'Building A');
      const e = await zone(t, 'Building E');
      // A two-hour shift around now (it crosses midnight itself when now is close to it).
      const from = local(new Date(now.getTime() - 60 * MINUTE), tz);
      const to = local(new Date(now.getTime() + 60 * MINUTE), tz);
      const aroundNow = await shift(t, 'AROUND-NOW', 'FIELD', from.time, to.time);
      // A shift crossing midnight that covers now: from yesterday evening into today, or from
      // tonight into tomorrow when now is late in the evening.
      const today = local(now, tz);
      const minute = Number(today.time.slice(0, 2)) * 60 + Number(today.time.slice(3));
      const crossing =
        minute < 23 * 60
          ? { date: addDays(today.date, -1), start: clock(minute + 30), end: clock(minute + 20) }
          : { date: today.date, start: clock(minute - 30), end: '00:00' };
      const overnight = await shift(t, 'OVERNIGHT', 'FIELD', crossing.start, crossing.end);
      expect(overnight.crossesMidnight).toBe(true);
      // A shift that ended an hour ago.
      const ended = await shift(
        t,
        'ENDED',
        'FIELD',
        local(new Date(now.getTime() - 180 * MINUTE), tz).time,
        local(new Date(now.getTime() - 60 * MINUTE), tz).time,
      );
      const endedDate = local(new Date(now.getTime() - 180 * MINUTE), tz).date;

      const field1 = t.users.FIELD_STAFF.id;
      const field2 = await addUser(t, Role.FIELD_STAFF);
      const field3 = await addUser(t, Role.FIELD_STAFF);
      const elsewhere = await addUser(t, Role.FIELD_STAFF);
      const leaver = await addUser(t, Role.FIELD_STAFF);
      const set = async (userId: string, date: string, shiftId: string, zoneId: string) => {
        const result = await setRoster(t, { userId, date, shiftId, zoneId });
        expect(result.errors).toBeUndefined();
      };
      await set(field1, from.date, aroundNow.id, a.id);
      await set(field2, crossing.date, overnight.id, a.id);
      await set(field3, endedDate, ended.id, a.id);
      await set(elsewhere, from.date, aroundNow.id, e.id);
      await set(leaver, from.date, aroundNow.id, a.id);
      await asOwner(t.tenantId, (client) =>
        client.query('UPDATE users SET active = false WHERE id = $1', [leaver]),
      );

      expect(await onShiftFieldStaff(t, a.id, now)).toEqual([field1, field2].sort());
      expect(await onShiftFieldStaff(t, e.id, now)).toEqual([elsewhere]);
      expect(await onShiftFieldStaff(t, a.id, new Date(now.getTime() + 3 * 86_400_000))).toEqual([]);
      expect(await zonesOf(t, field2, now)).toEqual([a.id]);
      expect(await zonesOf(t, field3, now)).toEqual([]);

      const agent = await t.token(Role.AGENT);
      const all: Entry[] = (await ok(ON_SHIFT_NOW, {}, agent)).onShiftNow;
      expect(all.map((entry) => entry.userId).sort()).toEqual([field1, field2, elsewhere].sort());
      for (const entry of all) {
        expect(new Date(entry.startsAt).getTime()).toBeLessThanOrEqual(Date.now());
        expect(new Date(entry.endsAt).getTime()).toBeGreaterThan(now.getTime());
      }
      const inA: Entry[] = (await ok(ON_SHIFT_NOW, { zoneId: a.id }, agent)).onShiftNow;
      expect(inA.map((entry) => entry.userId).sort()).toEqual([field1, field2].sort());
      expect(inA.find((entry) => entry.userId === field2)?.shift.name).toBe('OVERNIGHT');
      expect(errorCode(await api.gql(ON_SHIFT_NOW, { zoneId: newId() }, agent))).toBe('NOT_FOUND');
    });
  });

  describe('field staff', () => {
    it('read only their own roster', async () => {
      const t = await api.tenant();
      const fieldDay = await shift(t, 'FIELD-DAY', 'FIELD', '08:30', '17:30');
      const early = await shift(t, 'EARLY', 'FRONT_DESK', '08:00', '16:00');
      const a = await zone(t, 'A');
      const colleague = await addUser(t, Role.FIELD_STAFF);
      const me = t.users.FIELD_STAFF.id;
      await setRoster(t, { userId: me, date: '2025-06-02', shiftId: fieldDay.id, zoneId: a.id });
      await setRoster(t, { userId: colleague, date: '2025-06-02', shiftId: fieldDay.id, zoneId: a.id });
      await setRoster(t, { userId: t.users.AGENT.id, date: '2025-06-02', shiftId: early.id });
      const field = await t.token(Role.FIELD_STAFF);
      const mine = await ok(MY_ROSTER, { from: '2025-06-01', to: '2025-06-07' }, field);
      expect(mine.myRoster.edges.map((edge: { node: Entry }) => edge.node.userId)).toEqual([me]);
      expect(mine.myRoster.edges[0].node.zone.name).toBe('A');
      const variables = { from: '2025-06-01', to: '2025-06-07' };
      expect(errorCode(await api.gql(ROSTER, variables, field))).toBe('FORBIDDEN');
      expect(errorCode(await api.gql(ROSTER, { ...variables, userId: colleague }, field))).toBe('FORBIDDEN');
      expect(errorCode(await api.gql(ON_SHIFT_NOW, {}, field))).toBe('FORBIDDEN');
      expect(
        errorCode(
          await api.gql(
            SET_ROSTER,
            { input: { userId: me, date: '2025-06-03', shiftId: fieldDay.id, zoneId: a.id } },
            field,
          ),
        ),
      ).toBe('FORBIDDEN');
      expect(errorCode(await api.gql(MY_ROSTER, variables, await t.token(Role.HR)))).toBe('FORBIDDEN');
      // The front desk reads its own roster the same way.
      const agentRoster = await ok(MY_ROSTER, variables, await t.token(Role.AGENT));
      expect(agentRoster.myRoster.edges.map((edge: { node: Entry }) => edge.node.userId)).toEqual([
        t.users.AGENT.id,
      ]);
    });
  });

  describe('tenant isolation', () => {
    it("another tenant's zone, user, shift and entry ids answer NOT_FOUND and change nothing", async () => {
      const victim = await api.tenant();
      const fieldDay = await shift(victim, 'FIELD-DAY', 'FIELD', '08:30', '17:30');
      const a = await zone(victim, 'A', { responsibleId: victim.users.SUPERVISOR.id });
      const entry = (
        await setRoster(victim, {
          userId: victim.users.FIELD_STAFF.id,
          date: '2025-06-02',
          shiftId: fieldDay.id,
          zoneId: a.id,
        })
      ).data?.setRoster as Entry;
      const before = await rosterOf(victim, '2025-06-01', '2025-06-30');

      const t = await api.tenant();
      const ownShift = await shift(t, 'FIELD-DAY', 'FIELD', '08:30', '17:30');
      const ownZone = await zone(t, 'A');
      const s = await supervisor(t);
      const mine = {
        userId: t.users.FIELD_STAFF.id,
        date: '2025-06-02',
        shiftId: ownShift.id,
        zoneId: ownZone.id,
      };
      const attacks: Array<[string, Promise<GraphqlResult>, Promise<GraphqlResult>]> = [];
      const probe = (name: string, attack: (id: string) => Promise<GraphqlResult>, id: string) =>
        attacks.push([name, attack(id), attack(newId())]);
      probe(
        'setRoster userId',
        (id) => api.gql(SET_ROSTER, { input: { ...mine, userId: id } }, s),
        victim.users.FIELD_STAFF.id,
      );
      probe(
        'setRoster shiftId',
        (id) => api.gql(SET_ROSTER, { input: { ...mine, shiftId: id } }, s),
        fieldDay.id,
      );
      probe('setRoster zoneId', (id) => api.gql(SET_ROSTER, { input: { ...mine, zoneId: id } }, s), a.id);
      probe('updateZone', (id) => api.gql(UPDATE_ZONE, { input: { zoneId: id, name: 'Hijacked' } }, s), a.id);
      probe(
        'createZone',
        (id) => api.gql(CREATE_ZONE, { input: { name: `Z ${id}`, responsibleId: id } }, s),
        victim.users.SUPERVISOR.id,
      );
      probe('removeRosterEntry', (id) => api.gql(REMOVE_ENTRY, { input: { entryId: id } }, s), entry.id);
      probe(
        'roster zoneId',
        (id) => api.gql(ROSTER, { from: '2025-06-01', to: '2025-06-30', zoneId: id }, s),
        a.id,
      );
      probe(
        'roster userId',
        (id) => api.gql(ROSTER, { from: '2025-06-01', to: '2025-06-30', userId: id }, s),
        victim.users.FIELD_STAFF.id,
      );
      probe('onShiftNow', (id) => api.gql(ON_SHIFT_NOW, { zoneId: id }, s), a.id);
      probe(
        'generateRoster',
        (id) =>
          api.gql(
            GENERATE,
            {
              input: {
                weekStart: '2025-06-02',
                userIds: [id],
                shiftIds: [ownShift.id],
                zoneIds: [ownZone.id],
              },
            },
            s,
          ),
        victim.users.FIELD_STAFF.id,
      );
      for (const [name, attack, missing] of attacks) {
        const [hit, miss] = await Promise.all([attack, missing]);
        expect([name, errorCode(hit), hit.errors?.[0]?.message]).toEqual([
          name,
          'NOT_FOUND',
          miss.errors?.[0]?.message,
        ]);
      }
      expect(await rosterOf(victim, '2025-06-01', '2025-06-30')).toEqual(before);
      expect(await rosterOf(t, '2025-06-01', '2025-06-30')).toEqual([]);
      const zones = await ok('{ zones { edges { node { name } } } }', {}, await owner(victim));
      expect(zones.zones.edges).toEqual([{ node: { name: 'A' } }]);
    });
  });
});
