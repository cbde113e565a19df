import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');
const duration = z.string().regex(/^\d+(s|m|h|d)$/, 'a duration like 15m, 12h or 30d');

/**
 * Every environment variable the system reads, with its default. Declared once, validated at boot;
 * the README's configuration table lists the same variables.
 */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_APP_URL: z.string().url().optional(),
  DATABASE_APP_PASSWORD: z.string().min(8).default('service-desk-app-dev'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_CONNECT_TIMEOUT: duration.default('15s'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54330),
  DATA_DIR: z.string().default('.data'),
  CONSOLE_DIR: z.string().default('apps/console/dist'),
  SEED_DEMO: bool.default(true),
  JWT_SECRET: z.string().min(32).optional(),
  ACCESS_TOKEN_TTL: duration.default('15m'),
  REFRESH_TOKEN_TTL: duration.default('30d'),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  LOGIN_MAX_ATTEMPTS_PER_ADDRESS: z.coerce.number().int().min(1).default(30),
  LOGIN_RATE_WINDOW: duration.default('15m'),
  PUBLIC_INTAKE_MAX_PER_HOUR: z.coerce.number().int().min(1).default(10),
  SURVEY_INVITATION_TTL: duration.default('14d'),
  PUBLIC_SURVEY_MAX_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).max(50).default(10),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(1).max(500).default(30),
  GRAPHQL_MAX_COST: z.coerce.number().int().min(10).default(5000),
  GRAPHQL_MAX_TOKENS: z.coerce.number().int().min(100).default(5000),
  GRAPHQL_MAX_BODY: z
    .string()
    .regex(/^\d+(kb|mb)$/)
    .default('100kb'),
  CAMPAIGN_BATCH_SIZE: z.coerce.number().int().min(10).max(10000).default(1000),
  CAMPAIGN_LEASE: duration.default('30s'),
  WORKER_ID: z.string().min(1).max(200).optional(),
  TRUST_PROXY: z
    .string()
    .regex(/^[\w.:/, -]+$/, 'loopback, uniquelocal, a number of hops or addresses/CIDRs, comma-separated')
    .default('loopback'),
  CLUSTER_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  CLUSTER_API_PORTS: z
    .string()
    .regex(/^\d{1,5}(,\d{1,5})*$/, 'a comma-separated list of ports, like 3001,3002')
    .default('3001,3002')
    .transform((value) => value.split(',').map(Number))
    .pipe(z.array(z.number().int().min(1).max(65535)).min(1)),
  CLUSTER_WORKERS: z.coerce.number().int().min(0).max(16).default(2),
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().min(3).max(254).default('Service Desk <no-reply@service-desk.local>'),
  SMS_GATEWAY_URL: z.string().url().optional(),
  PUBLIC_BASE_URL: z.string().url().default('http://localhost:3000'),
  SMS_GATEWAY_TOKEN: z.string().min(1).optional(),
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  NOTIFY_RETRY_BASE: duration.default('30s'),
  INBOUND_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  INBOUND_SMTP_HOST: z.string().min(1).default('0.0.0.0'),
  INBOUND_MAIL_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'a mail domain like intake.example.com')
    .default('intake.service-desk.local'),
  INBOUND_MAIL_MAX_BYTES: z.coerce.number().int().min(1024).max(26_214_400).default(1_048_576),
  INBOUND_SENDER_ALLOW: z.string().optional(),
  INBOUND_SENDER_DENY: z.string().optional(),
});

export type AppConfig = z.infer<typeof configSchema> & { JWT_SECRET: string };

const DEVELOPMENT_JWT_SECRET = 'service-desk-development-secret-do-not-use-in-production';

/** Parses and validates the environment; throws naming every wrong or missing variable. */
export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const config = result.data;
  if (!config.JWT_SECRET && config.NODE_ENV === 'production') {
    throw new ConfigError('Invalid configuration:\n  JWT_SECRET: required when NODE_ENV=production');
  }
  return { ...config, JWT_SECRET: config.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET };
}

export class ConfigError extends Error {}

let loaded: AppConfig | undefined;

/** The process configuration, read from the environment once. */
export function config(): AppConfig {
  loaded ??= parseConfig(process.env);
  return loaded;
}

/** Used by tests and the launcher, which set variables after import. */
export function reloadConfig(): AppConfig {
  loaded = undefined;
  return config();
}

/** The process environment, for the launcher that hands it to child processes. */
export function environment(): Record<string, string | undefined> {
  return process.env;
}

export function durationMs(value: string): number {
  const unit = value.slice(-1);
  const amount = Number(value.slice(0, -1));
  const factor = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit];
  if (factor === undefined) throw new ConfigError(`Not a duration: ${value}`);
  return amount * factor;
}
