// Counts the SQL statements this process sends to PostgreSQL, at the driver level: every statement of
// the in-process API (TypeORM's pool), of the benchmarks' own pools and of any other pg client goes
// through pg.Client.prototype.query. A trace records only while it is active, so callers run the
// traced work alone (nothing else querying) to attribute the statements to it.
import pg from 'pg';

type Query = (this: pg.Client, ...args: unknown[]) => unknown;

const proto = pg.Client.prototype as unknown as { query: Query };
let original: Query | undefined;
let active: string[] | undefined;

/** The SQL text of a query call: a string, or a config object with `text`. */
function textOf(config: unknown): string {
  if (typeof config === 'string') return config;
  if (config && typeof config === 'object' && 'text' in config) return String(config.text);
  return String(config);
}

function install(): void {
  if (original) return;
  const query = proto.query;
  original = query;
  proto.query = function traced(this: pg.Client, ...args: unknown[]) {
    active?.push(textOf(args[0]).replace(/\s+/g, ' ').trim());
    return query.apply(this, args);
  };
}

/** Restores the driver's own query method (the trace is gone until the next `traceSql`). */
export function uninstallSqlTrace(): void {
  if (!original) return;
  proto.query = original;
  original = undefined;
  active = undefined;
}

/** Runs `work` and returns the statements sent while it ran (in the order the driver got them). */
export async function traceSql<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  install();
  if (active) throw new Error('traceSql: another trace is active; traced work must run alone');
  const statements: string[] = [];
  active = statements;
  try {
    return { result: await work(), statements };
  } finally {
    active = undefined;
  }
}

/** A statement shortened for reports: the first `length` characters of its normalized text. */
export const shortSql = (sql: string, length = 140): string =>
  sql.length > length ? `${sql.slice(0, length)}…` : sql;
