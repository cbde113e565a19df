// `npm run bench`: runs the benchmarks below on a fresh database, prints a table and writes JSON to
// bench-results/. Every figure is a ratio to a baseline measured in the same run; a missed target is
// reported (exit 0), a benchmark that crashes is not (exit 1).
//   BENCH_ONLY=api-read[,rls-tax]   run only these benchmarks (names: see BENCHMARKS)
//   BENCH_QUICK=1                   much shorter rounds, for smoke-testing the harness
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  type Benchmark,
  type BenchContext,
  type BenchRow,
  type LoadStats,
  seedTenants,
  type SeededTenant,
  startBenchDatabase,
} from './support.js';

const BENCHMARKS: Array<{ name: string; load: () => Promise<{ benchmark: Benchmark }> }> = [
  { name: 'api-read', load: () => import('./api-read.bench.js') },
  { name: 'rls-tax', load: () => import('./rls-tax.bench.js') },
  { name: 'complaint-intake', load: () => import('./complaint-intake.bench.js') },
  { name: 'complaints-n-plus-one', load: () => import('./complaints-n-plus-one.bench.js') },
  { name: 'live-feed', load: () => import('./live-feed.bench.js') },
  { name: 'mixed-traffic', load: () => import('./mixed-traffic.bench.js') },
  { name: 'campaign-creation', load: () => import('./campaign-creation.bench.js') },
  { name: 'churn-detection', load: () => import('./churn-detection.bench.js') },
  { name: 'scorecards', load: () => import('./scorecards.bench.js') },
];

const TENANTS = 6;
const CUSTOMERS_PER_TENANT = 2000;

// dist/test/bench/run.js -> repository root
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const started = new Date();
const loadAtStart = loadavg()[0];
const quick = ['1', 'true', 'yes'].includes((process.env.BENCH_QUICK ?? '').toLowerCase());
const only = (process.env.BENCH_ONLY ?? '')
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean);
const log = (message: string) =>
  console.error(`[bench ${((Date.now() - started.getTime()) / 1000).toFixed(1)}s] ${message}`);

const unknown = only.filter((name) => !BENCHMARKS.some((b) => b.name === name));
if (unknown.length > 0) {
  console.error(
    `Unknown benchmark(s) in BENCH_ONLY: ${unknown.join(', ')}. Known: ${BENCHMARKS.map((b) => b.name).join(', ')}`,
  );
  process.exit(2);
}
const selected = only.length > 0 ? BENCHMARKS.filter((b) => only.includes(b.name)) : BENCHMARKS;

interface Failure {
  benchmark: string;
  error: string;
}

const results: Array<BenchRow & { benchmark: string }> = [];
const failures: Failure[] = [];
let postgresVersion = 'unknown';
let databaseKind = 'unknown';

log(`${quick ? 'quick' : 'full'} run: ${selected.map((b) => b.name).join(', ')}`);
const database = await startBenchDatabase(log);
databaseKind = database.kind;
let interrupted = false;
process.once('SIGINT', () => {
  interrupted = true;
  log('interrupted: stopping the database');
  database.stop().finally(() => process.exit(130));
});

try {
  postgresVersion = await serverVersion(database.ownerUrl);
  let seeded: Promise<SeededTenant[]> | undefined;
  const ctx: BenchContext = {
    quick,
    ownerUrl: database.ownerUrl,
    adminUrl: database.adminUrl,
    pick: (full, short) => (quick ? short : full),
    log,
    tenants: () =>
      (seeded ??= (async () => {
        log(`seeding ${TENANTS} tenants x ${CUSTOMERS_PER_TENANT} customers`);
        return seedTenants(TENANTS, CUSTOMERS_PER_TENANT);
      })()),
  };
  for (const entry of selected) {
    log(`running ${entry.name}`);
    try {
      const { benchmark } = await entry.load();
      for (const row of await benchmark.run(ctx)) results.push({ benchmark: benchmark.name, ...row });
    } catch (error) {
      failures.push({
        benchmark: entry.name,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
      log(`${entry.name} crashed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
} finally {
  if (!interrupted)
    await database.stop().catch((error) => log(`stopping the database failed: ${String(error)}`));
}

printTable(results);
for (const failure of failures) console.log(`\nCRASHED ${failure.benchmark}:\n${failure.error}`);
const file = writeReport();
const busiest = Math.max(loadAtStart, loadavg()[0]);
if (busiest > cpus().length) {
  console.log(
    `\nNote: 1-minute load average reached ${busiest.toFixed(1)} on ${cpus().length} CPUs; other processes competed and the ratios are noisier.`,
  );
}
console.log(
  `\n${results.filter((r) => r.pass === false).length} target(s) missed, ${failures.length} benchmark(s) crashed. Results: ${relative(process.cwd(), file)}`,
);
process.exit(failures.length > 0 ? 1 : 0);

function writeReport(): string {
  const dir = join(root, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const finished = new Date();
  const report = {
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationSeconds: Math.round((finished.getTime() - started.getTime()) / 100) / 10,
    quick,
    only: only.length > 0 ? only : null,
    environment: {
      node: process.version,
      platform: `${platform()} ${release()}`,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      postgres: postgresVersion,
      database: databaseKind,
      // Other processes competing for the CPUs make every ratio noisier (see roundRatios).
      loadAverage1m: { start: round2(loadAtStart), end: round2(loadavg()[0]) },
    },
    results,
    failures,
  };
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const file = join(dir, `${started.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, json);
  writeFileSync(join(dir, 'latest.json'), json);
  const markdown = markdownReport(report);
  writeFileSync(join(dir, 'latest.md'), markdown);
  // BENCH_PUBLISH=1 also updates the committed report that the README links.
  if (['1', 'true', 'yes'].includes((process.env.BENCH_PUBLISH ?? '').toLowerCase())) {
    writeFileSync(join(root, 'docs', 'benchmarks.md'), markdown);
  }
  return file;
}

/** The report as markdown: each ratio against its target, the environment, crashes. */
function markdownReport(report: {
  startedAt: string;
  durationSeconds: number;
  quick: boolean;
  only: string[] | null;
  environment: Record<string, unknown>;
  results: Array<BenchRow & { benchmark: string }>;
  failures: Failure[];
}): string {
  const env = report.environment as {
    node: string;
    platform: string;
    cpus: number;
    cpuModel: string;
    postgres: string;
    database: string;
    loadAverage1m: { start: number; end: number };
  };
  // Benchmark sizes overridden through the environment (BENCH_*, CHURN_BENCH_*), so the report says what ran.
  const sizeOverrides = Object.entries(process.env)
    .filter(
      ([name]) =>
        /^(BENCH_|CHURN_BENCH_)/.test(name) && !['BENCH_PUBLISH', 'BENCH_ONLY', 'BENCH_QUICK'].includes(name),
    )
    .map(([name, value]) => `${name}=${value}`)
    .sort();
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const stats = (s: LoadStats) => `${s.opsPerSec.toFixed(1)}/s, p99 ${ms(s.p99Ms)}`;
  const counted = (row: BenchRow, which: 'measured' | 'baseline') =>
    row.counts ? `${row.counts[which]} ${row.counts.unit}; ` : '';
  const lines = [
    '# Benchmark report',
    '',
    `Run ${report.startedAt} (${report.durationSeconds} s${report.quick ? ', quick mode: short rounds, small data' : ''}${report.only ? `, only ${report.only.join(', ')}` : ''}).`,
    `Node ${env.node}, ${env.platform}, ${env.cpus} × ${env.cpuModel}; ${env.postgres} (${env.database});`,
    `1-minute load average ${env.loadAverage1m.start} at start, ${env.loadAverage1m.end} at the end.`,
    ...(sizeOverrides.length > 0
      ? [`Sizes set for this run: ${sizeOverrides.join(', ')} (defaults otherwise).`]
      : []),
    '',
    'Every figure is a ratio to a baseline measured in the same run (DESIGN section 9). Reproduce with',
    '`npm run bench` (`BENCH_ONLY=name,...` for some, `BENCH_QUICK=1` for a smoke run,',
    '`BENCH_PUBLISH=1` to rewrite this file); raw figures are in `bench-results/latest.json`.',
    '',
    '| benchmark | measurement | measured | baseline | metric | ratio | target | result |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...report.results.map((row) =>
      [
        row.benchmark,
        row.name,
        counted(row, 'measured') + stats(row.measured),
        counted(row, 'baseline') + stats(row.baseline),
        row.metric,
        ratioCell(row),
        row.target,
        row.pass === undefined ? 'report' : row.pass ? '**pass**' : '**MISSED**',
      ]
        .map((text) => cell(String(text)))
        .join(' | ')
        .replace(/^/, '| ')
        .concat(' |'),
    ),
    '',
  ];
  if (report.failures.length > 0) {
    lines.push('## Crashed', '');
    for (const failure of report.failures)
      lines.push(`- ${failure.benchmark}: ${cell(failure.error.split('\n')[0])}`);
    lines.push('');
  }
  return lines.join('\n');
}

function printTable(rows: Array<BenchRow & { benchmark: string }>): void {
  const stats = (s: LoadStats) =>
    `${s.opsPerSec.toFixed(1)} ops/s  p50 ${ms(s.p50Ms)}  p99 ${ms(s.p99Ms)}  (n=${s.ops})`;
  const header = ['name', 'measured', 'baseline', 'ratio', 'target', 'result'];
  const counted = (row: BenchRow, which: 'measured' | 'baseline') =>
    row.counts ? `${row.counts[which]} ${row.counts.unit}  ` : '';
  const lines = rows.map((row) => [
    row.name,
    counted(row, 'measured') + stats(row.measured),
    counted(row, 'baseline') + stats(row.baseline),
    ratioCell(row),
    row.target,
    row.pass === undefined ? 'report' : row.pass ? 'PASS' : 'FAIL',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => line[i].length)));
  const format = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ');
  console.log('');
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-+-'));
  for (const line of lines) console.log(format(line));
  console.log(
    'ratio: measured ÷ baseline ops/s, median over interleaved round pairs [lowest-highest pair]; all in the JSON.',
  );
  if (rows.some((row) => row.metric === 'sql statements'))
    console.log('sql statements rows: ratio of the statement counts per request (1.000 = equal).');
  if (rows.some((row) => (row.metric as string) === 'p99 latency'))
    console.log(
      'p99 latency rows: ops/s = socket receipts/s; ratio = measured p99 ÷ baseline p99 (median over round pairs; lower is better).',
    );
  if (rows.some((row) => (row.metric as string) === 'heap bytes'))
    console.log('heap bytes rows: ratio of heap bytes per socket; timings are connect → ready.');
}

/** The median paired ratio, the spread of the per-round ratios, and the loss where the target is one. */
function ratioCell(row: BenchRow): string {
  const rounds = Array.isArray(row.extra?.roundRatios) ? (row.extra.roundRatios as number[]) : [];
  const spread =
    rounds.length > 1 ? ` [${Math.min(...rounds).toFixed(2)}-${Math.max(...rounds).toFixed(2)}]` : '';
  const loss = typeof row.extra?.lossPct === 'number' ? ` loss ${row.extra.lossPct.toFixed(1)}%` : '';
  return `${row.ratio.toFixed(3)}${spread}${loss}`;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function ms(value: number): string {
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)}ms`;
}

async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
  } finally {
    await client.end();
  }
}
