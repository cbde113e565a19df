export * from './fixtures.js';
export * from './graphql-client.js';
