import { describe, expect, it } from '@jest/globals';
import { Role } from '@service-desk/core';
import type { LiveEnvelope } from '@service-desk/live-client';
import fc from 'fast-check';
import { canSee, LIVE_ROLES, type LiveAccess, roomsFor, roomsOf, scopeOf } from './live-access.js';

const tenants = ['t1', 't2'];
const users = ['u1', 'u2', 'u3'];
const zones = ['z1', 'z2', 'z3'];

const access = fc.record({
  tenantId: fc.constantFrom(...tenants),
  userId: fc.constantFrom(...users),
  role: fc.constantFrom(...LIVE_ROLES),
  zoneIds: fc.uniqueArray(fc.constantFrom(...zones)).map((ids) => new Set(ids)),
});

const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

const envelope = fc
  .record({
    assigneeId: maybe(fc.oneof(fc.constantFrom(...users), fc.integer())),
    previousAssigneeId: maybe(fc.constantFrom(...users)),
    zoneId: maybe(fc.oneof(fc.constantFrom(...zones), fc.constant(null))),
  })
  .map((data): LiveEnvelope => ({
    seq: 1,
    type: 'workorder.assigned',
    at: new Date(0).toISOString(),
    entity: { kind: 'workorder', id: 'w1' },
    data: Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined)),
  }));

const base: LiveAccess = { tenantId: 't1', userId: 'u1', role: Role.FIELD_STAFF, zoneIds: new Set(['z1']) };
const event = (data: Record<string, unknown>): LiveEnvelope => ({
  seq: 1,
  type: 'x',
  at: '',
  entity: { kind: 'k', id: 'i' },
  data,
});

describe('live access', () => {
  it('scopes the front desk to the tenant and field staff to their own events', () => {
    expect([Role.OWNER, Role.SUPERVISOR, Role.AGENT].map(scopeOf)).toEqual(['tenant', 'tenant', 'tenant']);
    expect(scopeOf(Role.FIELD_STAFF)).toBe('own');
    expect(LIVE_ROLES).not.toContain(Role.HR);
    expect(LIVE_ROLES).not.toContain(Role.HQ_ADMIN);
  });

  it('shows field staff events naming them or their zones, nothing else', () => {
    expect(canSee(base, event({ assigneeId: 'u1' }))).toBe(true);
    expect(canSee(base, event({ previousAssigneeId: 'u1' }))).toBe(true);
    expect(canSee(base, event({ zoneId: 'z1' }))).toBe(true);
    expect(canSee(base, event({ assigneeId: 'u2', zoneId: 'z2' }))).toBe(false);
    expect(canSee(base, event({ userId: 'u1' }))).toBe(false);
    expect(canSee(base, event({}))).toBe(false);
  });

  it('routes through rooms exactly as the replay filter decides, within a tenant', () => {
    fc.assert(
      fc.property(access, envelope, (who, what) => {
        const reached = roomsFor(who.tenantId, what).some((room) => roomsOf(who).includes(room));
        expect(reached).toBe(canSee(who, what));
      }),
    );
  });

  it("never routes an event into another tenant's rooms", () => {
    fc.assert(
      fc.property(access, envelope, (who, what) => {
        const otherTenant = tenants.find((tenant) => tenant !== who.tenantId)!;
        expect(roomsFor(otherTenant, what).some((room) => roomsOf(who).includes(room))).toBe(false);
      }),
    );
  });
});
