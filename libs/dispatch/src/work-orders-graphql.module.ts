import { Module } from '@nestjs/common';
import { DispatchBoardResolver } from './dispatch-board.resolver.js';
import { ComplaintWorkOrdersResolver, WorkOrdersResolver } from './work-orders.resolver.js';
import { WorkOrdersModule } from './work-orders.module.js';

@Module({
  imports: [WorkOrdersModule],
  providers: [WorkOrdersResolver, ComplaintWorkOrdersResolver, DispatchBoardResolver],
})
export class WorkOrdersGraphqlModule {}
