import { Module } from '@nestjs/common';
import { RevisitsModule } from './revisits.module.js';
import { RevisitsResolver } from './revisits.resolver.js';

/** The revisit operations of the API. */
@Module({
  imports: [RevisitsModule],
  providers: [RevisitsResolver],
})
export class RevisitsGraphqlModule {}
