import type { INestApplicationContext } from '@nestjs/common';
import { hashPassword, TenantsService, UsersService } from '@service-desk/auth';
import { type Actor, newId, RequestContext, Role } from '@service-desk/core';
import { CustomersService } from '@service-desk/customers';
import pg from 'pg';

export const DEMO_PASSWORD = 'demo-pass-2026';
export const DEMO_TENANTS = ['harbor', 'garden'] as const;
export const DEMO_STAFF: Array<{ local: string; name: string; role: Role }> = [
  { local: 'supervisor', name: 'Supervisor', role: Role.SUPERVISOR },
  { local: 'agent', name: 'Agent', role: Role.AGENT },
  { local: 'field1', name: 'Field Staff 1', role: Role.FIELD_STAFF },
  { local: 'field2', name: 'Field Staff 2', role: Role.FIELD_STAFF },
  { local: 'hr', name: 'HR Reviewer', role: Role.HR },
];

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '马', '朱', '胡'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超'];
const ENGLISH = [
  'Alice Chen',
  'Ben Wong',
  'Carol Lee',
  'David Lam',
  'Emma Ho',
  'Frank Liu',
  'Grace Tan',
  'Henry Ng',
];
const TIERS = ['STANDARD', 'STANDARD', 'STANDARD', 'SILVER', 'GOLD', 'PREMIUM'] as const;

/**
 * The demo chain: HQ, two franchisees with one user per role, and customers. The chain and its HQ are
 * bootstrapped in SQL (there is no API above HQ); everything else goes through the application
 * services, as a real HQ admin and owner would.
 */
export async function seedFoundation(
  app: INestApplicationContext,
  ownerUrl: string,
): Promise<SeededTenant[]> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  const chainId = newId();
  const hqTenantId = newId();
  const hqAdminId = newId();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [hqTenantId]);
    await client.query(`INSERT INTO chains (id, slug, name) VALUES ($1, 'demo', 'Demo Chain 示范连锁')`, [
      chainId,
    ]);
    await client.query(
      `INSERT INTO tenants (id, chain_id, kind, slug, name) VALUES ($1, $2, 'HQ', 'demo-hq', 'Demo Chain HQ 总部')`,
      [hqTenantId, chainId],
    );
    await client.query(
      `INSERT INTO users (tenant_id, id, email, display_name, role, password_hash) VALUES ($1, $2, 'hq@chain.demo', 'HQ Admin', 'HQ_ADMIN', $3)`,
      [hqTenantId, hqAdminId, await hashPassword(DEMO_PASSWORD)],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    await client.end();
  }

  const tenants = app.get(TenantsService);
  const users = app.get(UsersService);
  const customers = app.get(CustomersService);
  const hqAdmin: Actor = { userId: hqAdminId, tenantId: hqTenantId, chainId, role: Role.HQ_ADMIN };
  const seeded: SeededTenant[] = [];
  for (const [index, slug] of DEMO_TENANTS.entries()) {
    const name = slug === 'harbor' ? 'Harbor Residences 海港物业' : 'Garden Court 花园小区';
    const tenant = await as(hqAdmin, () =>
      tenants.create({
        slug,
        name,
        timeZone: 'Asia/Shanghai',
        owner: { email: `owner@${slug}.demo`, displayName: `${slug} Owner`, password: DEMO_PASSWORD },
      }),
    );
    const ownerId = await ownerIdOf(ownerUrl, tenant.id);
    const owner: Actor = { userId: ownerId, tenantId: tenant.id, chainId, role: Role.OWNER };
    const staffIds: Record<string, string> = {};
    for (const staff of DEMO_STAFF) {
      const user = await as(owner, () =>
        users.create({
          email: `${staff.local}@${slug}.demo`,
          displayName: `${staff.name} (${slug})`,
          role: staff.role,
          password: DEMO_PASSWORD,
        }),
      );
      staffIds[staff.local] = user.id;
    }
    const customerIds: string[] = [];
    for (let i = 0; i < 36; i++) {
      const chinese = i % 4 !== 3;
      const name = chinese
        ? `${SURNAMES[(i * 7 + index) % SURNAMES.length]}${GIVEN[(i * 3 + index) % GIVEN.length]}`
        : ENGLISH[(i + index) % ENGLISH.length];
      const customer = await as(owner, () =>
        customers.create({
          name,
          phone: `13${(800000000 + index * 1000 + i * 7919).toString().slice(0, 9)}`,
          email: chinese ? undefined : `${name.toLowerCase().replace(' ', '.')}${i}@example.com`,
          memberNumber: `${slug.slice(0, 1).toUpperCase()}M${String(1000 + i)}`,
          address: `${['Building A', 'Building E', 'Building B', 'Garden'][i % 4]} ${(i % 20) + 1}-${(i % 6) + 1}01`,
          tier: TIERS[i % TIERS.length] as never,
          consentToContact: i % 5 !== 0,
        }),
      );
      customerIds.push(customer.id);
    }
    const staffActor = (local: string, role: Role): Actor => ({
      userId: staffIds[local],
      tenantId: tenant.id,
      chainId,
      role,
    });
    seeded.push({
      slug,
      tenantId: tenant.id,
      timeZone: tenant.timeZone,
      owner,
      agent: staffActor('agent', Role.AGENT),
      supervisor: staffActor('supervisor', Role.SUPERVISOR),
      field: [staffActor('field1', Role.FIELD_STAFF), staffActor('field2', Role.FIELD_STAFF)],
      customerIds,
    });
  }
  return seeded;
}

export interface SeededTenant {
  slug: string;
  tenantId: string;
  timeZone: string;
  owner: Actor;
  agent: Actor;
  supervisor: Actor;
  /** field1 and field2. */
  field: Actor[];
  customerIds: string[];
}

function as<T>(actor: Actor, work: () => Promise<T>): Promise<T> {
  return RequestContext.run({ requestId: 'seed', actor }, work);
}

async function ownerIdOf(ownerUrl: string, tenantId: string): Promise<string> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    const { rows } = await client.query(
      `SELECT id FROM users WHERE tenant_id = $1 AND role = 'OWNER' ORDER BY id LIMIT 1`,
      [tenantId],
    );
    await client.query('COMMIT');
    return rows[0].id;
  } finally {
    await client.end();
  }
}
