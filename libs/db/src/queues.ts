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
  RevisitDueSchedule = 'revisits.due-reminders.schedule',
  RevisitDue = 'revisits.due-reminders',
  RevisitSchedulingSchedule = 'revisits.scheduling.schedule',
  RevisitScheduling = 'revisits.scheduling',
  CampaignRun = 'campaigns.run',
  CampaignResumeSchedule = 'campaigns.resume.schedule',
  CampaignResume = 'campaigns.resume',
  GoodwillPostingSchedule = 'loyalty.goodwill-posting.schedule',
  GoodwillPosting = 'loyalty.goodwill-posting',
  LoyaltyNightlySchedule = 'loyalty.nightly.schedule',
  LoyaltyNightly = 'loyalty.nightly',
  NotificationProducerSchedule = 'notifications.producer.schedule',
  NotificationProducer = 'notifications.producer',
  MessageDeliverySchedule = 'notifications.delivery.schedule',
  MessageDelivery = 'notifications.delivery',
  Scorecards = 'performance.scorecards',
}

export const PGBOSS_SCHEMA = 'pgboss';
