import { Role } from '@service-desk/core';
import type { LiveEnvelope, LiveScope } from '@service-desk/live-client';

/** Roles that see every event of their tenant (DESIGN section 4: the live board). */
export const TENANT_WIDE_ROLES: readonly Role[] = [Role.OWNER, Role.SUPERVISOR, Role.AGENT];

/** Roles that may connect at all. HR and HQ_ADMIN have no live feed and are refused with FORBIDDEN. */
export const LIVE_ROLES: readonly Role[] = [...TENANT_WIDE_ROLES, Role.FIELD_STAFF];

/** What one connection may see, fixed at its handshake. */
export interface LiveAccess {
  tenantId: string;
  userId: string;
  role: Role;
  /** Zones the user is rostered in (field staff only). */
  zoneIds: ReadonlySet<string>;
}

/** Keys of `data` that name a user an event concerns (the assignee, and the one an order was taken from). */
export const NAMING_KEYS = ['assigneeId', 'previousAssigneeId'] as const;

export const scopeOf = (role: Role): LiveScope => (TENANT_WIDE_ROLES.includes(role) ? 'tenant' : 'own');

/*
 * Room names. DESIGN section 5 names `tenant:<id>`, `user:<id>` and `zone:<id>`; user and zone ids are
 * unique only within their tenant in the schema (primary keys are (tenant_id, id)), so those two rooms are
 * qualified with the tenant: an id reused in another tenant can never route an event across tenants.
 */
export const tenantRoom = (tenantId: string) => `tenant:${tenantId}`;
export const userRoom = (tenantId: string, userId: string) => `user:${tenantId}:${userId}`;
export const zoneRoom = (tenantId: string, zoneId: string) => `zone:${tenantId}:${zoneId}`;

/** The rooms a connection joins once its replay is done. */
export function roomsOf(access: LiveAccess): string[] {
  if (scopeOf(access.role) === 'tenant')
    return [tenantRoom(access.tenantId), userRoom(access.tenantId, access.userId)];
  return [
    userRoom(access.tenantId, access.userId),
    ...[...access.zoneIds].map((zoneId) => zoneRoom(access.tenantId, zoneId)),
  ];
}

const namedUsers = (envelope: LiveEnvelope): string[] =>
  NAMING_KEYS.map((key) => envelope.data?.[key]).filter(
    (value): value is string => typeof value === 'string',
  );

const zoneOf = (envelope: LiveEnvelope): string | null =>
  typeof envelope.data?.zoneId === 'string' ? envelope.data.zoneId : null;

/** The rooms an event of the tenant is broadcast to (one broadcast: a socket in several gets it once). */
export function roomsFor(tenantId: string, envelope: LiveEnvelope): string[] {
  const rooms = [tenantRoom(tenantId), ...namedUsers(envelope).map((userId) => userRoom(tenantId, userId))];
  const zoneId = zoneOf(envelope);
  if (zoneId) rooms.push(zoneRoom(tenantId, zoneId));
  return rooms;
}

/** Whether a connection may see an event of its own tenant: the same rule as the rooms, for replays. */
export function canSee(access: LiveAccess, envelope: LiveEnvelope): boolean {
  if (scopeOf(access.role) === 'tenant') return true;
  if (namedUsers(envelope).includes(access.userId)) return true;
  const zoneId = zoneOf(envelope);
  return zoneId !== null && access.zoneIds.has(zoneId);
}
