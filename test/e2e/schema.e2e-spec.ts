import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
// The same print function as `npm run schema` (tools/print-schema.ts), so the comparison is exact.
// eslint-disable-next-line @nx/enforce-module-boundaries
import {
  appSchema,
  printAppSchema,
  schemaFilePath,
  undescribed,
} from '../../apps/api/src/graphql/print-schema.js';
import { type ApiHarness, startApi } from '../support/api.js';

/** The first line where two texts differ, for a failure message that points at the change. */
function firstDifference(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i])
      return `line ${i + 1}:\n  committed: ${a[i] ?? '<end of file>'}\n  live:      ${b[i] ?? '<end of file>'}`;
  }
  return 'no line differs (whitespace at the end?)';
}

describe('GraphQL schema (DESIGN section 8)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('matches the committed apps/api/schema.graphql', () => {
    const file = schemaFilePath();
    const live = printAppSchema(api.app);
    if (!existsSync(file)) throw new Error('apps/api/schema.graphql is missing: run npm run schema');
    const committed = readFileSync(file, 'utf8');
    if (committed !== live) {
      throw new Error(
        `apps/api/schema.graphql is stale: run npm run schema\nFirst difference at ${firstDifference(committed, live)}`,
      );
    }
    expect(committed).toBe(live);
  });

  it('describes every type, field, argument and enum value', () => {
    const missing = undescribed(appSchema(api.app));
    if (missing.length > 0) {
      throw new Error(`${missing.length} schema element(s) have no description:\n  ${missing.join('\n  ')}`);
    }
    expect(missing).toEqual([]);
  });
});
