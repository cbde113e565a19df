import type { INestApplication } from '@nestjs/common';
// The e2e harness boots the real API application itself.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createApi } from '../../apps/api/src/api.js';
import {
  createTenantFixture,
  FIXTURE_PASSWORD,
  graphql,
  type GraphqlResult,
  loginToken,
  type TenantFixture,
} from '@service-desk/testing';
import type { Role } from '@service-desk/core';

/** The real API application on an ephemeral port, in the test process. */
export interface ApiHarness {
  url: string;
  app: INestApplication;
  close(): Promise<void>;
  /** A fresh tenant with a logged-in token per role. */
  tenant(): Promise<TenantFixture & { token(role: Role): Promise<string> }>;
  gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GraphqlResult<T>>;
}

export async function startApi(): Promise<ApiHarness> {
  const app = await createApi();
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    url,
    app,
    close: () => app.close(),
    gql: <T>(query: string, variables?: Record<string, unknown>, token?: string) =>
      graphql<T>(url, query, variables, token),
    async tenant() {
      const fixture = await createTenantFixture();
      const tokens = new Map<Role, Promise<string>>();
      return {
        ...fixture,
        token(role: Role) {
          const email =
            role === 'HQ_ADMIN'
              ? fixture.hqAdmin.email
              : fixture.users[role as keyof TenantFixture['users']].email;
          if (!tokens.has(role)) tokens.set(role, loginToken(url, email, FIXTURE_PASSWORD));
          return tokens.get(role)!;
        },
      };
    },
  };
}
