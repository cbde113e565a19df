export * from './performance.module.js';
export * from './performance-graphql.module.js';
export * from './behaviour/index.js';
