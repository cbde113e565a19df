import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { appUrl } from '@service-desk/db';
import { createTenantFixture, type TenantFixture } from '@service-desk/testing';
import pg from 'pg';

/** Appends one event as the application role in its own transaction, optionally rolling back. */
async function append(pool: pg.Pool, tenantId: string, type: string, rollback = false): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    const { rows } = await client.query(`SELECT append_tenant_event($1, 'test', $2, NULL, '{}') AS seq`, [
      type,
      tenantId,
    ]);
    await client.query(rollback ? 'ROLLBACK' : 'COMMIT');
    return Number(rows[0].seq);
  } finally {
    client.release();
  }
}

describe('tenant event log', () => {
  let pool: pg.Pool;
  let a: TenantFixture;
  let b: TenantFixture;

  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: appUrl(), max: 12 });
    [a, b] = await Promise.all([createTenantFixture(), createTenantFixture()]);
  });
  afterAll(() => pool.end());

  it('numbers concurrent events of a tenant 1..N with no gaps, independently per tenant', async () => {
    await Promise.all([
      ...Array.from({ length: 60 }, (_, i) => append(pool, a.tenantId, `a.${i}`)),
      ...Array.from({ length: 40 }, (_, i) => append(pool, b.tenantId, `b.${i}`)),
    ]);
    const seqs = async (tenantId: string) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
        const { rows } = await client.query('SELECT seq FROM tenant_events ORDER BY seq');
        await client.query('COMMIT');
        return rows.map((row) => Number(row.seq));
      } finally {
        client.release();
      }
    };
    expect(await seqs(a.tenantId)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(await seqs(b.tenantId)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('does not consume a sequence number in a rolled-back transaction', async () => {
    const t = await createTenantFixture();
    expect(await append(pool, t.tenantId, 'kept')).toBe(1);
    expect(await append(pool, t.tenantId, 'discarded', true)).toBe(2);
    expect(await append(pool, t.tenantId, 'kept.again')).toBe(2);
  });

  it('notifies listeners on commit only, with tenant and seq', async () => {
    const t = await createTenantFixture();
    const listener = new pg.Client({ connectionString: appUrl() });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (message) => heard.push(message.payload ?? ''));
    await listener.query('LISTEN tenant_events');
    try {
      await append(pool, t.tenantId, 'rolled.back', true);
      await append(pool, t.tenantId, 'committed');
      // A round trip on the listener flushes notifications delivered before it.
      const deadline = Date.now() + 5000;
      while (!heard.includes(`${t.tenantId}:1`) && Date.now() < deadline) await listener.query('SELECT 1');
      expect(heard.filter((payload) => payload.startsWith(t.tenantId))).toEqual([`${t.tenantId}:1`]);
    } finally {
      await listener.end();
    }
  });

  it('cannot append without a tenant in scope', async () => {
    const client = await pool.connect();
    try {
      await expect(
        client.query(`SELECT append_tenant_event('x', 'test', gen_random_uuid(), NULL, '{}')`),
      ).rejects.toThrow();
    } finally {
      client.release();
    }
  });
});
