import { Module } from '@nestjs/common';
import { EventsModule } from '@service-desk/events';
import { DispatchBoardService } from './dispatch-board.service.js';
import { WorkOrderMonitorJob } from './jobs/work-order-monitor.job.js';
import { RosterModule } from './roster.module.js';
import { WorkOrdersService } from './work-orders.service.js';

/** Work orders and auto-dispatch (the worker imports this for its jobs). */
@Module({
  imports: [EventsModule, RosterModule],
  providers: [WorkOrdersService, WorkOrderMonitorJob, DispatchBoardService],
  exports: [WorkOrdersService, WorkOrderMonitorJob, DispatchBoardService],
})
export class WorkOrdersModule {}
