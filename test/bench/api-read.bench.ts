// Login + `customers` query throughput of the real API (in-process, over HTTP) against bare `pg`
// issuing the same SQL statements, under the same RLS setting, in the same run.
import argon2 from 'argon2';
import { config, durationMs, newId } from '@service-desk/core';
import { appUrl } from '@service-desk/db';
import { FIXTURE_PASSWORD } from '@service-desk/testing';
import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { startApi } from '../support/api.js';
import {
  type Benchmark,
  type BenchRow,
  type LoadStats,
  inTenant,
  interleaved,
  jsonClient,
  pairedRatio,
  pickFor,
  SEARCH_TERMS,
  type SeededUser,
  warmPool,
} from './support.js';

const CONCURRENCY = 16;

const LOGIN = 'mutation($input: LoginInput!) { login(input: $input) { accessToken } }';
const CUSTOMERS = `query($search: String) {
  customers(first: 20, search: $search) {
    edges { node { id name phone memberNumber tier status } }
    pageInfo { hasNextPage endCursor }
  }
}`;

// The statements the API issues (captured with log_statement = all), minus TypeORM's column aliases.
const SQL = {
  hit: `INSERT INTO rate_limits AS r (key, window_start, hits) VALUES ($1, now(), 1)
        ON CONFLICT (key) DO UPDATE SET
          hits = CASE WHEN r.window_start < now() - $2 * interval '1 millisecond' THEN 1 ELSE r.hits + 1 END,
          window_start = CASE WHEN r.window_start < now() - $2 * interval '1 millisecond' THEN now() ELSE r.window_start END
        RETURNING hits`,
  count: `SELECT hits FROM rate_limits WHERE key = $1 AND window_start >= now() - $2 * interval '1 millisecond'`,
  findUser: 'SELECT * FROM auth_find_user($1)',
  reset: 'DELETE FROM rate_limits WHERE key = $1',
  user: `SELECT tenant_id, id, email, display_name, role, active, created_at, updated_at
         FROM users WHERE tenant_id = $1 AND id = $2 LIMIT 1`,
  tenant: 'SELECT id, chain_id, kind, slug, name, time_zone, created_at FROM tenants WHERE id = $1 LIMIT 1',
  insertToken: `INSERT INTO refresh_tokens (tenant_id, id, user_id, family_id, token_hash, expires_at, used_at, revoked_at, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, DEFAULT, DEFAULT, DEFAULT) RETURNING created_at`,
  userState: 'SELECT active, role, chain_id FROM auth_user_state($1, $2)',
  customers: `SELECT tenant_id, id, name, phone, email, member_number, address, tier, consent_to_contact, status,
                     created_by, created_at, updated_at
              FROM customers
              WHERE tenant_id = app_tenant_id() AND (name ILIKE $1 OR member_number ILIKE $1)
              ORDER BY name ASC, id ASC LIMIT 21`,
};

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const like = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

interface GraphqlBody<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

export const benchmark: Benchmark = {
  name: 'api-read',
  description: 'login + customers(first: 20, search) through the API vs. the same SQL with bare pg',
  async run(ctx) {
    const tenants = await ctx.tenants();
    const users: SeededUser[] = tenants.flatMap((tenant) => tenant.users);
    const poolSize = config().DATABASE_POOL_SIZE;

    const api = await startApi();
    const http = jsonClient(api.url, CONCURRENCY);
    // The bare baseline gets the same number of connections as the API's pool.
    const pool = await warmPool(appUrl(), poolSize, 'service-desk-bench-bare');

    try {
      const gql = async <T>(
        query: string,
        variables: Record<string, unknown>,
        token?: string,
      ): Promise<T> => {
        const response = await http.post<GraphqlBody<T>>(
          '/graphql',
          { query, variables },
          token ? { authorization: `Bearer ${token}` } : {},
        );
        if (response.status !== 200 || !response.body.data || response.body.errors?.length) {
          throw new Error(
            `GraphQL ${response.status}: ${JSON.stringify(response.body.errors ?? response.body)}`,
          );
        }
        return response.body.data;
      };
      const apiLogin = async (user: SeededUser) =>
        (
          await gql<{ login: { accessToken: string } }>(LOGIN, {
            input: { email: user.email, password: FIXTURE_PASSWORD },
          })
        ).login.accessToken;
      const apiCustomers = async (token: string, search: string) => {
        const data = await gql<{ customers: { edges: unknown[] } }>(CUSTOMERS, { search }, token);
        return data.customers.edges.length;
      };

      const window = durationMs(config().LOGIN_RATE_WINDOW);
      const refreshTtl = durationMs(config().REFRESH_TOKEN_TTL);
      const bareLogin = async (user: SeededUser): Promise<{ tenantId: string; userId: string }> => {
        const accountKey = sha256(`bare:login:account:${user.email.toLowerCase()}`);
        await pool.query(SQL.hit, [sha256('bare:login:address:127.0.0.1'), window]);
        await pool.query(SQL.count, [accountKey, window]);
        const { rows } = await pool.query<{
          tenant_id: string;
          id: string;
          password_hash: string;
          active: boolean;
        }>(SQL.findUser, [user.email]);
        const account = rows[0];
        if (!account || !(await argon2.verify(account.password_hash, FIXTURE_PASSWORD)) || !account.active) {
          throw new Error(`bare login failed for ${user.email}`);
        }
        await pool.query(SQL.reset, [accountKey]);
        await inTenant(pool, account.tenant_id, async (client) => {
          await client.query(SQL.user, [account.tenant_id, account.id]);
          await client.query(SQL.tenant, [account.tenant_id]);
          const secret = randomBytes(32).toString('base64url');
          await client.query(SQL.insertToken, [
            account.tenant_id,
            newId(),
            account.id,
            newId(),
            sha256(secret),
            new Date(Date.now() + refreshTtl),
          ]);
        });
        return { tenantId: account.tenant_id, userId: account.id };
      };
      const bareCustomers = async (session: { tenantId: string; userId: string }, search: string) => {
        const state = await pool.query<{ active: boolean }>(SQL.userState, [
          session.tenantId,
          session.userId,
        ]);
        if (!state.rows[0]?.active) throw new Error('bare: user not active');
        return inTenant(
          pool,
          session.tenantId,
          async (client: pg.PoolClient) => (await client.query(SQL.customers, [like(search)])).rowCount,
        );
      };

      // The two paths must read the same rows: compare one page per search term before measuring.
      const probeUser = users[0];
      const probeToken = await apiLogin(probeUser);
      const probeSession = { tenantId: probeUser.tenantId, userId: probeUser.id };
      for (const term of SEARCH_TERMS) {
        const [api, bare] = [await apiCustomers(probeToken, term), await bareCustomers(probeSession, term)];
        // The API returns `first` rows; the SQL reads one more to know whether there is a next page.
        if (api !== Math.min(bare ?? 0, 20))
          throw new Error(`api and bare disagree for "${term}": ${api} vs ${bare}`);
      }

      const userFor = (worker: number) => users[worker % users.length];
      const row = (
        name: string,
        description: string,
        stats: { api: LoadStats; bare: LoadStats },
        extra: Record<string, unknown>,
      ): BenchRow => {
        const { ratio, overall, perRound } = pairedRatio(stats.api, stats.bare);
        return {
          name,
          description,
          measured: stats.api,
          baseline: stats.bare,
          ratio,
          metric: 'ops/s',
          target: 'report (no DESIGN target)',
          extra: {
            ...extra,
            concurrency: CONCURRENCY,
            poolSize,
            overallRatio: overall,
            roundRatios: perRound,
          },
        };
      };
      const rows: BenchRow[] = [];

      ctx.log(`login+customers at concurrency ${CONCURRENCY}`);
      // Each op takes seconds (argon2id verifies queue up), so rounds are long and few.
      const full = await interleaved({
        concurrency: CONCURRENCY,
        rounds: ctx.pick(4, 1),
        roundMs: ctx.pick(5000, 1000),
        warmupMs: ctx.pick(1500, 0),
        variants: {
          api: async (worker, iteration) =>
            apiCustomers(await apiLogin(userFor(worker)), pickFor(SEARCH_TERMS, worker, iteration)),
          bare: async (worker, iteration) =>
            bareCustomers(await bareLogin(userFor(worker)), pickFor(SEARCH_TERMS, worker, iteration)),
        },
      });
      rows.push(
        row(
          'api-read.login+customers',
          'per op: login (argon2id verify in both) then one customers page; API over HTTP vs bare pg',
          full,
          {
            users: users.length,
          },
        ),
      );

      ctx.log(`customers query alone (token reused) at concurrency ${CONCURRENCY}`);
      const tokens = await Promise.all(
        Array.from({ length: CONCURRENCY }, (_, worker) => apiLogin(userFor(worker))),
      );
      const sessions = Array.from({ length: CONCURRENCY }, (_, worker) => ({
        tenantId: userFor(worker).tenantId,
        userId: userFor(worker).id,
      }));
      const query = await interleaved({
        concurrency: CONCURRENCY,
        rounds: ctx.pick(10, 2),
        roundMs: ctx.pick(1200, 600),
        warmupMs: ctx.pick(1000, 300),
        variants: {
          api: (worker, iteration) => apiCustomers(tokens[worker], pickFor(SEARCH_TERMS, worker, iteration)),
          bare: (worker, iteration) =>
            bareCustomers(sessions[worker], pickFor(SEARCH_TERMS, worker, iteration)),
        },
      });
      rows.push(
        row(
          'api-read.customers',
          'per op: one customers page with a token from an earlier login (auth check + read transaction)',
          query,
          {},
        ),
      );
      return rows;
    } finally {
      http.close();
      await pool.end();
      await api.close();
    }
  },
};
