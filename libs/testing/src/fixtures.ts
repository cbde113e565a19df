import argon2 from 'argon2';
import { newId, Role } from '@service-desk/core';
import { ownerUrl } from '@service-desk/db';
import pg from 'pg';

export const FIXTURE_PASSWORD = 'fixture-pass-2026';

export interface FixtureUser {
  id: string;
  email: string;
  role: Role;
}

/** A fresh chain with its HQ and one store tenant, with one user per tenant role. */
export interface TenantFixture {
  chainId: string;
  hqTenantId: string;
  tenantId: string;
  slug: string;
  hqAdmin: FixtureUser;
  users: Record<Exclude<Role, Role.HQ_ADMIN>, FixtureUser>;
}

let passwordHash: Promise<string> | undefined;
// Same hashing as the application (argon2id), without depending on the auth feature.
const fixtureHash = () => (passwordHash ??= argon2.hash(FIXTURE_PASSWORD, { type: argon2.argon2id }));

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

/** Owner-role SQL in one transaction scoped to a tenant (fixtures bypass the API on purpose: speed). */
export async function asOwner<T>(tenantId: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ownerUrl() });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    await client.end();
  }
}

export async function createTenantFixture(): Promise<TenantFixture> {
  const hash = await fixtureHash();
  const key = unique();
  const chainId = newId();
  const hqTenantId = newId();
  const tenantId = newId();
  const slug = `t-${key}`;
  const hqAdmin: FixtureUser = { id: newId(), email: `hq-${key}@fixture.test`, role: Role.HQ_ADMIN };
  await asOwner(hqTenantId, async (client) => {
    await client.query(`INSERT INTO chains (id, slug, name) VALUES ($1, $2, 'Fixture chain')`, [
      chainId,
      `c-${key}`,
    ]);
    await client.query(
      `INSERT INTO tenants (id, chain_id, kind, slug, name) VALUES ($1, $2, 'HQ', $3, 'Fixture HQ')`,
      [hqTenantId, chainId, `hq-${key}`],
    );
    await client.query(
      `INSERT INTO users (tenant_id, id, email, display_name, role, password_hash) VALUES ($1, $2, $3, 'HQ admin', 'HQ_ADMIN', $4)`,
      [hqTenantId, hqAdmin.id, hqAdmin.email, hash],
    );
  });
  const users = {} as TenantFixture['users'];
  await asOwner(tenantId, async (client) => {
    await client.query(
      `INSERT INTO tenants (id, chain_id, kind, slug, name) VALUES ($1, $2, 'STORE', $3, 'Fixture store')`,
      [tenantId, chainId, slug],
    );
    for (const role of [Role.OWNER, Role.SUPERVISOR, Role.AGENT, Role.FIELD_STAFF, Role.HR] as const) {
      const user: FixtureUser = { id: newId(), email: `${role.toLowerCase()}-${key}@fixture.test`, role };
      await client.query(
        `INSERT INTO users (tenant_id, id, email, display_name, role, password_hash) VALUES ($1, $2, $3, $4, $5, $6)`,
        [tenantId, user.id, user.email, `${role} ${key}`, role, hash],
      );
      users[role] = user;
    }
  });
  return { chainId, hqTenantId, tenantId, slug, hqAdmin, users };
}
