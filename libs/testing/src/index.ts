export * from './fixtures.js';
export * from './graphql-client.js';
export * from './local-mail-servers.js';
