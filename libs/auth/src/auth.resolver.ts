import { Args, Context, Resolver } from '@nestjs/graphql';
import { ALL_ROLES, SecureMutation, SecureQuery } from '@service-desk/core';
import { AuthService } from './auth.service.js';
import type { ApiRequest } from './auth.guard.js';
import { LoginInput } from './dto/login.input.js';
import { RefreshTokenInput } from './dto/refresh-token.input.js';
import { AuthPayload, Me } from './user.object.js';

@Resolver()
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @SecureMutation(() => AuthPayload, {
    description:
      'Signs in with e-mail and password. Rate-limited per account and per address (RATE_LIMITED).',
    allow: 'public',
  })
  login(
    @Args('input', { description: 'E-mail and password.' }) input: LoginInput,
    @Context('req') req: ApiRequest,
  ): Promise<AuthPayload> {
    return this.auth.login(input.email, input.password, req.ip ?? 'unknown');
  }

  @SecureMutation(() => AuthPayload, {
    description:
      'Exchanges a refresh token for new tokens. Reusing a spent refresh token revokes the whole session.',
    allow: 'public',
  })
  refreshToken(
    @Args('input', { description: 'The refresh token to exchange.' }) input: RefreshTokenInput,
  ): Promise<AuthPayload> {
    return this.auth.refresh(input.refreshToken);
  }

  @SecureMutation(() => Boolean, {
    description: 'Ends the session of the given refresh token.',
    allow: ALL_ROLES,
  })
  logout(
    @Args('input', { description: 'The refresh token of the session to end.' }) input: RefreshTokenInput,
  ): Promise<boolean> {
    return this.auth.logout(input.refreshToken);
  }

  @SecureQuery(() => Me, { description: 'The signed-in user and tenant.', allow: ALL_ROLES })
  me(): Promise<Me> {
    return this.auth.me();
  }
}
