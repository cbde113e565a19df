export interface GraphqlResult<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string; errorId?: string } }>;
}

/** A minimal GraphQL-over-HTTP client for tests and benchmarks. */
export async function graphql<T = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
  headers: Record<string, string> = {},
): Promise<GraphqlResult<T>> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphqlResult<T>, 'status'>;
  return { status: response.status, ...body };
}

/** The code of the first error, or undefined. */
export const errorCode = (result: GraphqlResult): string | undefined => result.errors?.[0]?.extensions?.code;

/** A client address of its own per call (the API trusts X-Forwarded-For from loopback), so the per-address login limit of one test never throttles another. */
export const randomClientAddress = (): Record<string, string> => ({
  'x-forwarded-for': `198.18.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 254) + 1}`,
});

export async function loginToken(url: string, email: string, password: string): Promise<string> {
  const result = await graphql<{ login: { accessToken: string } }>(
    url,
    'mutation($input: LoginInput!) { login(input: $input) { accessToken } }',
    { input: { email, password } },
    undefined,
    randomClientAddress(),
  );
  if (!result.data?.login) throw new Error(`login failed for ${email}: ${JSON.stringify(result.errors)}`);
  return result.data.login.accessToken;
}
