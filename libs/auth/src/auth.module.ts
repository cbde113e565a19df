import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '@service-desk/events';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { TokenCleanupJob } from './jobs/token-cleanup.job.js';
import { RateLimiter } from './rate-limiter.js';
import { RefreshTokenEntity } from './refresh-token.entity.js';
import { TenantEntity } from './tenant.entity.js';
import { TenantsService } from './tenants.service.js';
import { UserEntity } from './user.entity.js';
import { UsersService } from './users.service.js';

/** Tenants, users, tokens and the login rate limit (entities, services, jobs). */
@Module({
  imports: [TypeOrmModule.forFeature([TenantEntity, UserEntity, RefreshTokenEntity]), EventsModule],
  providers: [AuthService, UsersService, TenantsService, RateLimiter, AuthGuard, TokenCleanupJob],
  exports: [AuthService, UsersService, TenantsService, RateLimiter, AuthGuard, TokenCleanupJob],
})
export class AuthModule {}
