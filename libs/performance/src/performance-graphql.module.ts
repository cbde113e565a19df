import { Module } from '@nestjs/common';
import { PerformanceModule } from './performance.module.js';
import { PerformanceResolver } from './performance.resolver.js';

/** Resolvers of the performance feature (the api imports this one). */
@Module({
  imports: [PerformanceModule],
  providers: [PerformanceResolver],
})
export class PerformanceGraphqlModule {}
