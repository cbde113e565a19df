import { Module } from '@nestjs/common';
import { BEHAVIOUR_RESOLVERS } from './behaviour/index.js';
import { PerformanceModule } from './performance.module.js';
import { PerformanceResolver } from './performance.resolver.js';

/** Resolvers of the performance feature (the api imports this one). */
@Module({
  imports: [PerformanceModule],
  providers: [...BEHAVIOUR_RESOLVERS, PerformanceResolver],
})
export class PerformanceGraphqlModule {}
