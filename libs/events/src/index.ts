export * from './event-log.js';
export * from './events.module.js';
export * from './events-graphql.module.js';
export * from './events.service.js';
export * from './tenant-event.object.js';
