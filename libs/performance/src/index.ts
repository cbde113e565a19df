export * from './performance.module.js';
export * from './performance-graphql.module.js';
export * from './jobs/scorecard.job.js';
export * from './scoring/kpis.js';
export * from './scoring/scorecard-rules.js';
export * from './scoring/scorecard-sql.js';
export * from './review/review-lifecycle.js';
