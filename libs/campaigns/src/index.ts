export * from './campaigns.module.js';
export * from './campaigns-graphql.module.js';
export * from './campaigns.service.js';
export * from './campaign-lifecycle.js';
export * from './campaign.object.js';
export * from './segment.js';
export * from './winback-schedule.js';
export * from './jobs/winback-campaign.job.js';
