import { describe, expect, it } from '@jest/globals';
import { Role } from '@service-desk/core';
import { type RosterSlot, teamTie, teamWindow } from './team-rule.js';

const SUPERVISOR = 'sup';
const TODAY = '2026-06-15';
const slot = (
  date: string,
  shiftId: string,
  zoneId: string | null = null,
  zoneResponsibleId: string | null = null,
): RosterSlot => ({
  date,
  shiftId,
  zoneId,
  zoneResponsibleId,
});
const tie = (
  staffSlots: RosterSlot[],
  supervisorSlots: RosterSlot[] = [],
  staffRole: Role = Role.FIELD_STAFF,
) => teamTie({ supervisorId: SUPERVISOR, staffRole, today: TODAY, supervisorSlots, staffSlots });

describe('a supervisor’s team', () => {
  it('includes field staff rostered in a zone the supervisor is responsible for', () => {
    expect(tie([slot('2026-06-10', 'field-day', 'garden', SUPERVISOR)])).toBe('ZONE');
  });

  it('excludes field staff rostered only in zones someone else is responsible for', () => {
    expect(tie([slot('2026-06-10', 'field-day', 'garden', 'other-supervisor')])).toBeNull();
    expect(tie([slot('2026-06-10', 'field-day', 'garden', null)])).toBeNull();
  });

  it('includes an agent on the same shift on the same date as the supervisor', () => {
    expect(
      tie(
        [slot('2026-06-12', 'early')],
        [slot('2026-06-12', 'early'), slot('2026-06-13', 'mid')],
        Role.AGENT,
      ),
    ).toBe('SHIFT');
  });

  it('excludes an agent on the same shift on another date, or another shift on the same date', () => {
    const supervisor = [slot('2026-06-12', 'early')];
    expect(tie([slot('2026-06-13', 'early')], supervisor, Role.AGENT)).toBeNull();
    expect(tie([slot('2026-06-12', 'mid')], supervisor, Role.AGENT)).toBeNull();
  });

  it('only counts roster entries inside the window around today', () => {
    const { from, to } = teamWindow(TODAY);
    expect(from).toBe('2026-03-15');
    expect(to).toBe('2026-06-29');
    expect(tie([slot(from, 'field-day', 'garden', SUPERVISOR)])).toBe('ZONE');
    expect(tie([slot(to, 'field-day', 'garden', SUPERVISOR)])).toBe('ZONE');
    expect(tie([slot('2026-03-14', 'field-day', 'garden', SUPERVISOR)])).toBeNull();
    expect(tie([slot('2026-06-30', 'field-day', 'garden', SUPERVISOR)])).toBeNull();
    expect(tie([slot('2026-03-14', 'early')], [slot('2026-03-14', 'early')], Role.AGENT)).toBeNull();
  });

  it('never includes supervisors, owners or HR, whatever the roster says', () => {
    const zone = [slot('2026-06-10', 'early', 'lobby', SUPERVISOR)];
    for (const role of [Role.SUPERVISOR, Role.OWNER, Role.HR, Role.HQ_ADMIN]) {
      expect(tie(zone, zone, role)).toBeNull();
    }
  });

  it('prefers the zone tie when both hold', () => {
    const both = [slot('2026-06-10', 'early', 'lobby', SUPERVISOR)];
    expect(tie(both, both, Role.AGENT)).toBe('ZONE');
  });
});
