/** The signed-in session: tokens kept in sessionStorage, refreshed silently before they expire. */
export type Role = 'HQ_ADMIN' | 'OWNER' | 'SUPERVISOR' | 'AGENT' | 'FIELD_STAFF' | 'HR';

export interface SessionUser {
  id: string;
  displayName: string;
  email: string;
  role: Role;
}

export interface SessionTenant {
  id: string;
  name: string;
  timeZone: string;
}

export interface Session {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  user: SessionUser;
  tenant: SessionTenant;
}

const KEY = 'service-desk.session';
const AUTH_FIELDS = `accessToken accessTokenExpiresAt refreshToken
  user { id displayName email role } tenant { id name timeZone }`;

type Listener = (session: Session | null) => void;

export class GraphqlError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'GraphqlError';
  }
}

/** Posts one GraphQL operation (without the session's token unless given one). */
export async function postGraphql<T>(
  query: string,
  variables: Record<string, unknown>,
  token?: string,
): Promise<T> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as {
    data?: T | null;
    errors?: Array<{ message: string; extensions?: { code?: string } }>;
  };
  if (body.errors?.length) {
    const [first] = body.errors;
    throw new GraphqlError(first.message, first.extensions?.code ?? 'INTERNAL');
  }
  return body.data as T;
}

export class SessionStore {
  private current: Session | null;
  private readonly listeners = new Set<Listener>();
  private refreshing: Promise<Session | null> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly storage: Storage | null = globalThis.sessionStorage ?? null) {
    const saved = this.storage?.getItem(KEY);
    this.current = saved ? (JSON.parse(saved) as Session) : null;
    this.schedule();
  }

  get session(): Session | null {
    return this.current;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async login(email: string, password: string): Promise<Session> {
    const data = await postGraphql<{ login: Session }>(
      `mutation Login($input: LoginInput!) { login(input: $input) { ${AUTH_FIELDS} } }`,
      { input: { email, password } },
    );
    this.set(data.login);
    return data.login;
  }

  async logout(): Promise<void> {
    const session = this.current;
    this.set(null);
    if (session) {
      await postGraphql(
        `mutation Logout($input: RefreshTokenInput!) { logout(input: $input) }`,
        { input: { refreshToken: session.refreshToken } },
        session.accessToken,
      ).catch(() => undefined);
    }
  }

  /** A token valid for at least another 30 s, refreshing first when needed; null when signed out. */
  async token(): Promise<string | null> {
    const session = this.current;
    if (!session) return null;
    if (Date.parse(session.accessTokenExpiresAt) - Date.now() > 30_000) return session.accessToken;
    return (await this.refresh())?.accessToken ?? null;
  }

  /** Exchanges the refresh token (once, however many callers ask at the same time). */
  refresh(): Promise<Session | null> {
    const session = this.current;
    if (!session) return Promise.resolve(null);
    this.refreshing ??= postGraphql<{ refreshToken: Session }>(
      `mutation Refresh($input: RefreshTokenInput!) { refreshToken(input: $input) { ${AUTH_FIELDS} } }`,
      { input: { refreshToken: session.refreshToken } },
    )
      .then(
        (data) => {
          this.set(data.refreshToken);
          return data.refreshToken;
        },
        (error: unknown) => {
          // A refused refresh token ends the session; a network failure keeps it for a later try.
          if (error instanceof GraphqlError) this.set(null);
          return null;
        },
      )
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }

  private set(session: Session | null): void {
    this.current = session;
    if (session) this.storage?.setItem(KEY, JSON.stringify(session));
    else this.storage?.removeItem(KEY);
    this.schedule();
    for (const listener of [...this.listeners]) listener(session);
  }

  /** Refreshes a minute before the access token expires, so requests never meet an expired token. */
  private schedule(): void {
    clearTimeout(this.timer);
    if (!this.current) return;
    const wait = Math.max(1000, Date.parse(this.current.accessTokenExpiresAt) - Date.now() - 60_000);
    this.timer = setTimeout(() => void this.refresh(), Math.min(wait, 2 ** 31 - 1));
  }
}

export const sessions = new SessionStore();

/** Runs one operation as the signed-in user; an UNAUTHENTICATED answer refreshes once and retries. */
export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const token = (await sessions.token()) ?? undefined;
  try {
    return await postGraphql<T>(query, variables, token);
  } catch (error) {
    if (error instanceof GraphqlError && error.code === 'UNAUTHENTICATED' && sessions.session) {
      const fresh = await sessions.refresh();
      if (fresh) return postGraphql<T>(query, variables, fresh.accessToken);
    }
    throw error;
  }
}
