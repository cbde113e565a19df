// `npm test`: builds the server (SWC) and the web console (Vite), runs the console's component tests
// (Vitest), then the Jest suite (unit, database, API and the browser end-to-end tests, which use the
// built console). Prints the combined totals last: `tests: N passed, N failed` (what .ci/run reads).
// Arguments are passed to Jest (e.g. `npm test -- test/e2e/console.e2e-spec.ts`).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const scratch = mkdtempSync(join(tmpdir(), 'service-desk-test-'));
const run = (command, args, env = {}) =>
  spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;
const readJson = (file) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
};

let passed = 0;
let failed = 0;
let status = 0;

if (run(process.execPath, ['scripts/build.mjs']) !== 0) process.exit(1);
const consoleBuilt = run(bin('vite'), [
  'build',
  '--config',
  'apps/console/vite.config.ts',
  '--logLevel',
  'warn',
]);
if (consoleBuilt !== 0) {
  // The browser tests need the built console; count the failed build as a failure.
  failed += 1;
  status = 1;
}

const vitestJson = join(scratch, 'vitest.json');
const vitestStatus = run(bin('vitest'), [
  'run',
  '--config',
  'apps/console/vite.config.ts',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
]);
const vitest = readJson(vitestJson);
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests + (vitest.numRuntimeErrorTestSuites ?? 0);
  process.stdout.write(`\nconsole tests: ${vitest.numPassedTests} passed, ${vitest.numFailedTests} failed\n`);
} else if (vitestStatus !== 0) {
  failed += 1;
}
if (vitestStatus !== 0) status = 1;

const jestTotals = join(scratch, 'jest.json');
const jestStatus = run(bin('jest'), process.argv.slice(2), {
  NODE_OPTIONS:
    `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-warnings=ExperimentalWarning`.trim(),
  TEST_TOTALS_FILE: jestTotals,
});
const jest = readJson(jestTotals);
if (jest) {
  passed += jest.passed;
  failed += jest.failed;
} else {
  failed += 1;
}
if (jestStatus !== 0) status = 1;

rmSync(scratch, { recursive: true, force: true });
process.stdout.write(`\ntests: ${passed} passed, ${failed} failed\n`);
process.exit(status);
