/** Every job queue, in one place; the migration step creates them, features send to them. */
export enum Queue {
  TokenCleanupSchedule = 'auth.token-cleanup.schedule',
  TokenCleanup = 'auth.token-cleanup',
  SlaMonitorSchedule = 'complaints.sla-monitor.schedule',
  SlaMonitor = 'complaints.sla-monitor',
  WorkOrderMonitorSchedule = 'dispatch.work-order-monitor.schedule',
  WorkOrderMonitor = 'dispatch.work-order-monitor',
  BriefingSchedule = 'dispatch.briefing.schedule',
  Briefing = 'dispatch.briefing',
  Scorecards = 'performance.scorecards',
}

export const PGBOSS_SCHEMA = 'pgboss';
