import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType, Role } from '@service-desk/core';

registerEnumType(Role, {
  name: 'Role',
  description: 'What a user may do (DESIGN section 4).',
  valuesMap: {
    HQ_ADMIN: {
      description:
        'Chain HQ administrator: provisions tenants, publishes standards, sees cross-store aggregates.',
    },
    OWNER: { description: 'Franchisee owner or manager: full control of one tenant, including its users.' },
    SUPERVISOR: {
      description: 'Front-desk supervisor: handles complaints, dispatches work and rates the own team.',
    },
    AGENT: { description: 'Front-desk agent: takes complaints, creates work orders, does revisits.' },
    FIELD_STAFF: { description: 'Field staff (technicians, property assistants): works the own orders.' },
    HR: { description: 'HR reviewer: sets up KPIs and rating scales, calibrates and publishes scorecards.' },
  },
});

export enum TenantKindEnum {
  HQ = 'HQ',
  STORE = 'STORE',
}
registerEnumType(TenantKindEnum, {
  name: 'TenantKind',
  description: 'A chain HQ or a franchisee store.',
  valuesMap: {
    HQ: { description: "The chain's headquarters (franchisor)." },
    STORE: { description: 'A franchisee: a store, a property-management site, a salon.' },
  },
});

@ObjectType('Tenant', { description: "A franchisee (store) of the chain, or the chain's HQ." })
export class TenantObject {
  @Field(() => ID, { description: 'Tenant id.' })
  id!: string;

  @Field({ description: 'URL-safe short name, unique in the platform (used by public intake).' })
  slug!: string;

  @Field({ description: 'Display name.' })
  name!: string;

  @Field(() => TenantKindEnum, { description: 'HQ or STORE.' })
  kind!: TenantKindEnum;

  @Field({ description: 'IANA time zone in which deadlines, shifts and reports are computed.' })
  timeZone!: string;

  @Field(() => GraphQLISODateTime, { description: 'When the tenant was provisioned.' })
  createdAt!: Date;
}

@ObjectType('User', { description: 'A staff member of a tenant, or an HQ administrator.' })
export class UserObject {
  @Field(() => ID, { description: 'User id.' })
  id!: string;

  @Field({ description: 'Login e-mail, unique in the platform.' })
  email!: string;

  @Field({ description: 'Name shown to colleagues.' })
  displayName!: string;

  @Field(() => Role, { description: 'The role that decides what the user may do.' })
  role!: Role;

  @Field({ description: 'False once deactivated: the user can no longer sign in.' })
  active!: boolean;

  @Field(() => ID, { description: 'Tenant the user belongs to.' })
  tenantId!: string;

  @Field(() => GraphQLISODateTime, { description: 'When the account was created.' })
  createdAt!: Date;
}

@ObjectType({ description: 'A page of users.' })
export class UserConnection extends ConnectionType(UserObject, 'User') {}

@ObjectType({ description: 'A page of tenants.' })
export class TenantConnection extends ConnectionType(TenantObject, 'Tenant') {}

@ObjectType({ description: 'Tokens issued by login or refresh.' })
export class AuthPayload {
  @Field({ description: 'Short-lived bearer token for the Authorization header.' })
  accessToken!: string;

  @Field(() => GraphQLISODateTime, { description: 'When the access token expires.' })
  accessTokenExpiresAt!: Date;

  @Field({ description: 'Single-use token to obtain new tokens; rotates on every use.' })
  refreshToken!: string;

  @Field(() => UserObject, { description: 'The signed-in user.' })
  user!: UserObject;

  @Field(() => TenantObject, { description: "The user's tenant." })
  tenant!: TenantObject;
}

@ObjectType({ description: 'The signed-in user and tenant.' })
export class Me {
  @Field(() => UserObject, { description: 'The signed-in user.' })
  user!: UserObject;

  @Field(() => TenantObject, { description: "The user's tenant." })
  tenant!: TenantObject;
}
