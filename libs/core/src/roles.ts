/** Roles of DESIGN section 4. A user has exactly one. */
export enum Role {
  HQ_ADMIN = 'HQ_ADMIN',
  OWNER = 'OWNER',
  SUPERVISOR = 'SUPERVISOR',
  AGENT = 'AGENT',
  FIELD_STAFF = 'FIELD_STAFF',
  HR = 'HR',
}

export const ALL_ROLES = Object.values(Role);
export const TENANT_ROLES = ALL_ROLES.filter((role) => role !== Role.HQ_ADMIN);
