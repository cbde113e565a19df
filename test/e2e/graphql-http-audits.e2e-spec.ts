import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type AuditResult, serverAudits } from 'graphql-http';
import { type ApiHarness, startApi } from '../support/api.js';

/** The GraphQL-over-HTTP conformance audits of the `graphql-http` package, against the live API. */
describe('GraphQL over HTTP conformance', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('passes every serverAudits requirement (no result with status error)', async () => {
    const audits = serverAudits({ url: `${api.url}/graphql`, fetchFn: fetch });
    const results: AuditResult[] = [];
    for (const audit of audits) results.push(await audit.fn());

    const describeResult = (result: AuditResult) =>
      `${result.id} ${result.name}${result.status === 'ok' ? '' : `: ${result.reason}`}`;
    const errors = results.filter((result) => result.status === 'error').map(describeResult);
    expect(results.length).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    // The passing MUST audits are the bulk of the list; a server answering nothing would fail them.
    expect(results.filter((result) => result.status === 'ok').length).toBeGreaterThan(results.length / 2);
  });
});
