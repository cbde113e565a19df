import { describe, expect, it } from '@jest/globals';
import { ConfigError, durationMs, parseConfig } from './config.js';

describe('configuration', () => {
  it('applies defaults for an empty environment', () => {
    const config = parseConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.SEED_DEMO).toBe(true);
    expect(config.ACCESS_TOKEN_TTL).toBe('15m');
  });

  it('names every wrong variable in one message', () => {
    expect(() => parseConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'not a url' })).toThrow(
      /PORT[\s\S]*LOG_LEVEL|LOG_LEVEL[\s\S]*PORT/,
    );
    expect(() => parseConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
  });

  it('requires a JWT secret in production and refuses a short one', () => {
    expect(() => parseConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => parseConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
    expect(parseConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).JWT_SECRET).toBe(
      'x'.repeat(32),
    );
  });

  it('reads the cluster ports as a list and refuses a bad one', () => {
    expect(parseConfig({}).CLUSTER_API_PORTS).toEqual([3001, 3002]);
    expect(parseConfig({ CLUSTER_API_PORTS: '4001,4002,4003' }).CLUSTER_API_PORTS).toEqual([
      4001, 4002, 4003,
    ]);
    expect(() => parseConfig({ CLUSTER_API_PORTS: '4001,99999' })).toThrow(/CLUSTER_API_PORTS/);
    expect(() => parseConfig({ CLUSTER_API_PORTS: 'a,b' })).toThrow(/CLUSTER_API_PORTS/);
  });

  it('parses SEED_DEMO=false and durations', () => {
    expect(parseConfig({ SEED_DEMO: 'false' }).SEED_DEMO).toBe(false);
    expect(durationMs('15m')).toBe(900_000);
    expect(durationMs('30d')).toBe(2_592_000_000);
    expect(() => parseConfig({ REFRESH_TOKEN_TTL: '30 days' })).toThrow(/REFRESH_TOKEN_TTL/);
  });

  it('parses the notification and e-mail intake settings', () => {
    const config = parseConfig({});
    expect(config.SMTP_URL).toBeUndefined();
    expect(config.INBOUND_SMTP_PORT).toBeUndefined();
    expect(config.NOTIFY_MAX_ATTEMPTS).toBe(5);
    expect(config.INBOUND_MAIL_MAX_BYTES).toBe(1_048_576);
    expect(
      parseConfig({ INBOUND_SMTP_PORT: '2525', SMTP_URL: 'smtp://mail.example.com:587' }).INBOUND_SMTP_PORT,
    ).toBe(2525);
    expect(() => parseConfig({ INBOUND_MAIL_DOMAIN: 'not a domain' })).toThrow(/INBOUND_MAIL_DOMAIN/);
    expect(() => parseConfig({ NOTIFY_RETRY_BASE: '30 seconds' })).toThrow(/NOTIFY_RETRY_BASE/);
    expect(() => parseConfig({ SMS_GATEWAY_URL: 'gateway' })).toThrow(/SMS_GATEWAY_URL/);
  });
});
