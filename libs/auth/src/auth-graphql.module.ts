import { Module } from '@nestjs/common';
import { AuthModule } from './auth.module.js';
import { AuthResolver } from './auth.resolver.js';
import { TenantsResolver } from './tenants.resolver.js';
import { UsersResolver } from './users.resolver.js';

@Module({ imports: [AuthModule], providers: [AuthResolver, UsersResolver, TenantsResolver] })
export class AuthGraphqlModule {}
