export * from './customers.module.js';
export * from './customers-graphql.module.js';
export * from './customers.service.js';
export * from './customer.entity.js';
export * from './customer.object.js';
export * from './contact-visibility.js';
export * from './customer-loader.js';
