import base from './jest.config.js';

/**
 * `npm run test:resilience`: test/resilience/*.resilience-spec.ts, which start real processes (API nodes,
 * workers, the cluster proxy, PostgreSQL) and kill or restart them. One file at a time: they are heavy.
 */
export default {
  ...base,
  testMatch: ['<rootDir>/test/resilience/**/*.resilience-spec.ts'],
  maxWorkers: 1,
  testTimeout: 300_000,
};
