import { cacheExchange, Client, type CombinedError, fetchExchange } from 'urql';
import { sessions } from './session.js';

/**
 * An urql client: every request carries a fresh access token (refreshed silently when near expiry).
 * One per signed-in user, so nothing cached for one user is shown to the next.
 */
export const createUrqlClient = () =>
  new Client({
    url: '/graphql',
    exchanges: [cacheExchange, fetchExchange],
    requestPolicy: 'cache-and-network',
    // POST always: the API refuses GET operations without a CSRF-safe content type.
    preferGetMethod: false,
    fetch: async (input, init) => {
      const token = await sessions.token();
      const headers = new Headers(init?.headers);
      if (token) headers.set('authorization', `Bearer ${token}`);
      return fetch(input, { ...init, headers });
    },
  });

/** The API's error code and message of a failed operation, for the forms' error lines. */
export function errorOf(error: CombinedError | undefined | null): { code: string; message: string } | null {
  if (!error) return null;
  const first = error.graphQLErrors[0];
  if (first) {
    return { code: String(first.extensions?.code ?? 'INTERNAL'), message: first.message };
  }
  return { code: 'NETWORK', message: error.message };
}
