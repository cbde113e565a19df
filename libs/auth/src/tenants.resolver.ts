import { Args, Resolver } from '@nestjs/graphql';
import { PageArgs, Role, SecureMutation, SecureQuery } from '@service-desk/core';
import { CreateTenantInput } from './dto/create-tenant.input.js';
import { TenantsService } from './tenants.service.js';
import { TenantConnection, TenantObject } from './user.object.js';

@Resolver(() => TenantObject)
export class TenantsResolver {
  constructor(private readonly service: TenantsService) {}

  @SecureMutation(() => TenantObject, {
    description: 'Provisions a franchisee of the chain with its first owner.',
    allow: [Role.HQ_ADMIN],
  })
  createTenant(
    @Args('input', { description: 'The new tenant and its owner.' }) input: CreateTenantInput,
  ): Promise<TenantObject> {
    return this.service.create(input);
  }

  @SecureQuery(() => TenantConnection, {
    description: "The chain's franchisees, by slug.",
    allow: [Role.HQ_ADMIN],
  })
  tenants(@Args() args: PageArgs): Promise<TenantConnection> {
    return this.service.list(args.first, args.after);
  }
}
