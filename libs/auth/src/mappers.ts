import type { TenantEntity } from './tenant.entity.js';
import type { UserEntity } from './user.entity.js';
import { type TenantObject, TenantKindEnum, type UserObject } from './user.object.js';

export const toUserObject = (user: UserEntity): UserObject => ({
  id: user.id,
  email: user.email,
  displayName: user.displayName,
  role: user.role,
  active: user.active,
  tenantId: user.tenantId,
  createdAt: user.createdAt,
});

export const toTenantObject = (tenant: TenantEntity): TenantObject => ({
  id: tenant.id,
  slug: tenant.slug,
  name: tenant.name,
  kind: tenant.kind === 'HQ' ? TenantKindEnum.HQ : TenantKindEnum.STORE,
  timeZone: tenant.timeZone,
  createdAt: tenant.createdAt,
});
