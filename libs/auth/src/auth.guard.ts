import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import {
  type Actor,
  forbidden,
  type Policy,
  POLICY_KEY,
  type Role,
  unauthenticated,
} from '@service-desk/core';
import { Database } from '@service-desk/db';
import { verifyAccessToken } from './tokens.js';

/** What the API keeps on each HTTP request. */
export interface ApiRequest {
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
  requestId?: string;
  actor?: Actor | null;
}

export function apiRequest(context: ExecutionContext): ApiRequest {
  if (context.getType<string>() === 'graphql')
    return GqlExecutionContext.create(context).getContext<{ req: ApiRequest }>().req;
  return context.switchToHttp().getRequest<ApiRequest>();
}

/**
 * Deny by default: an operation without a declared policy is refused. The token is verified and the
 * user re-read on every request, so a deactivated user or a changed role takes effect at once.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly db: Database,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.get<Policy | undefined>(POLICY_KEY, context.getHandler());
    const request = apiRequest(context);
    if (request.actor === undefined) request.actor = await this.authenticate(request);
    if (!policy) throw forbidden('This operation has no access policy');
    if (policy.kind === 'public') return true;
    if (!request.actor) throw unauthenticated();
    if (!policy.roles.includes(request.actor.role as Role)) throw forbidden('Your role may not do this');
    return true;
  }

  async authenticate(request: ApiRequest): Promise<Actor | null> {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    return match ? this.actorFromToken(match[1]) : null;
  }

  /** Also used by the socket gateway on every connection. */
  async actorFromToken(token: string): Promise<Actor | null> {
    const claims = verifyAccessToken(token);
    if (!claims) return null;
    const [state] = await this.db.query<{ active: boolean; role: Role; chain_id: string }>(
      'SELECT active, role, chain_id FROM auth_user_state($1, $2)',
      [claims.tid, claims.sub],
    );
    if (!state?.active) return null;
    return { userId: claims.sub, tenantId: claims.tid, chainId: state.chain_id, role: state.role };
  }
}
