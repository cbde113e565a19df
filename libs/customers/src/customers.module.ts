import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '@service-desk/events';
import { CustomerEntity } from './customer.entity.js';
import { CustomersService } from './customers.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([CustomerEntity]), EventsModule],
  providers: [CustomersService],
  exports: [CustomersService],
})
export class CustomersModule {}
