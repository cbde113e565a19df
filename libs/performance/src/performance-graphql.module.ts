import { Module } from '@nestjs/common';
import { PerformanceModule } from './performance.module.js';

/** Resolvers of the performance feature (the api imports this one). */
@Module({
  imports: [PerformanceModule],
  providers: [],
})
export class PerformanceGraphqlModule {}
