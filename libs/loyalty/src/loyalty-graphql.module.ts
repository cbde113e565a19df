import { Module } from '@nestjs/common';
import { CustomerLoyaltyResolver, LoyaltyResolver } from './loyalty.resolver.js';
import { LoyaltyModule } from './loyalty.module.js';

/** Resolvers of the loyalty feature (the api imports this one). */
@Module({ imports: [LoyaltyModule], providers: [LoyaltyResolver, CustomerLoyaltyResolver] })
export class LoyaltyGraphqlModule {}
