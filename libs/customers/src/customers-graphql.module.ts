import { Module } from '@nestjs/common';
import { CustomersModule } from './customers.module.js';
import { CustomersResolver } from './customers.resolver.js';

@Module({ imports: [CustomersModule], providers: [CustomersResolver] })
export class CustomersGraphqlModule {}
