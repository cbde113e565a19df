import { writeFileSync } from 'node:fs';

// Prints the plain closing line CI reads: "N passed, N failed". When TEST_TOTALS_FILE is set (by
// scripts/test.mjs, which adds the console's Vitest counts), the counts are also written there as JSON.
export default class TotalsReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    process.stdout.write(`\ntests: ${results.numPassedTests} passed, ${failed} failed\n`);
    if (process.env.TEST_TOTALS_FILE) {
      writeFileSync(process.env.TEST_TOTALS_FILE, JSON.stringify({ passed: results.numPassedTests, failed }));
    }
  }
}
