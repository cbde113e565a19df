import { Injectable } from '@nestjs/common';
import {
  config,
  DomainError,
  durationMs,
  ErrorCode,
  newId,
  RequestContext,
  type Role,
  unauthenticated,
} from '@service-desk/core';
import { Database } from '@service-desk/db';
import type { EntityManager } from 'typeorm';
import { dummyPasswordHash, verifyPassword } from './passwords.js';
import { RateLimiter } from './rate-limiter.js';
import { RefreshTokenEntity } from './refresh-token.entity.js';
import { TenantEntity } from './tenant.entity.js';
import {
  formatRefreshToken,
  newRefreshSecret,
  parseRefreshToken,
  sameHash,
  sha256,
  signAccessToken,
} from './tokens.js';
import { UserEntity } from './user.entity.js';
import type { AuthPayload, Me } from './user.object.js';
import { toTenantObject, toUserObject } from './mappers.js';

interface LoginRow {
  tenant_id: string;
  id: string;
  chain_id: string;
  role: Role;
  password_hash: string;
  active: boolean;
}

const INVALID_CREDENTIALS = 'Invalid e-mail or password';

@Injectable()
export class AuthService {
  constructor(
    private readonly db: Database,
    private readonly limiter: RateLimiter,
  ) {}

  /**
   * Rate-limited per address (every attempt) and per account (failures); a locked account answers
   * RATE_LIMITED even with the right password, so guessing cannot continue behind the limit.
   */
  async login(email: string, password: string, address: string): Promise<AuthPayload> {
    const { LOGIN_MAX_ATTEMPTS_PER_ADDRESS, LOGIN_MAX_FAILURES_PER_ACCOUNT, LOGIN_RATE_WINDOW } = config();
    const window = durationMs(LOGIN_RATE_WINDOW);
    const accountKey = `login:account:${email.toLowerCase()}`;
    if ((await this.limiter.hit(`login:address:${address}`, window)) > LOGIN_MAX_ATTEMPTS_PER_ADDRESS) {
      throw new DomainError(
        ErrorCode.RATE_LIMITED,
        'Too many login attempts from this address; try again later',
      );
    }
    if ((await this.limiter.count(accountKey, window)) >= LOGIN_MAX_FAILURES_PER_ACCOUNT) {
      throw new DomainError(
        ErrorCode.RATE_LIMITED,
        'Too many failed logins for this account; try again later',
      );
    }

    const [account] = await this.db.query<LoginRow>('SELECT * FROM auth_find_user($1)', [email]);
    const valid = await verifyPassword(account?.password_hash ?? (await dummyPasswordHash()), password);
    if (!account || !valid || !account.active) {
      await this.limiter.hit(accountKey, window);
      throw unauthenticated(INVALID_CREDENTIALS);
    }
    await this.limiter.reset(accountKey);
    return this.db.asTenant({ tenantId: account.tenant_id }, (tx) =>
      this.issueTokens(tx, account.tenant_id, account.id, newId()),
    );
  }

  /**
   * Rotates a refresh token. A token that was already used is evidence of theft: the whole family is
   * revoked (committed) and the caller is refused.
   */
  async refresh(refreshToken: string): Promise<AuthPayload> {
    const parsed = parseRefreshToken(refreshToken);
    if (!parsed) throw unauthenticated('Invalid refresh token');
    const outcome = await this.db.asTenant({ tenantId: parsed.tenantId }, async (tx) => {
      const token = await tx.findOne(RefreshTokenEntity, {
        where: { tenantId: parsed.tenantId, id: parsed.tokenId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!token || !sameHash(token.tokenHash, sha256(parsed.secret))) return 'invalid' as const;
      if (token.usedAt || token.revokedAt) {
        await this.revokeFamily(tx, token.familyId);
        return 'reused' as const;
      }
      if (token.expiresAt.getTime() <= Date.now()) return 'invalid' as const;
      const user = await tx.findOneBy(UserEntity, { tenantId: token.tenantId, id: token.userId });
      if (!user?.active) return 'invalid' as const;
      await tx.update(RefreshTokenEntity, { tenantId: token.tenantId, id: token.id }, { usedAt: new Date() });
      return this.issueTokens(tx, token.tenantId, token.userId, token.familyId);
    });
    if (outcome === 'reused')
      throw unauthenticated('Refresh token was already used; all sessions of this login were revoked');
    if (outcome === 'invalid') throw unauthenticated('Invalid or expired refresh token');
    return outcome;
  }

  /** Ends the session the refresh token belongs to (its whole rotation family). */
  async logout(refreshToken: string): Promise<boolean> {
    const actor = RequestContext.actor();
    const parsed = parseRefreshToken(refreshToken);
    if (!parsed || parsed.tenantId !== actor.tenantId) return false;
    return this.db.transaction(async (tx) => {
      const token = await tx.findOneBy(RefreshTokenEntity, { tenantId: actor.tenantId, id: parsed.tokenId });
      if (!token || token.userId !== actor.userId || !sameHash(token.tokenHash, sha256(parsed.secret)))
        return false;
      await this.revokeFamily(tx, token.familyId);
      return true;
    });
  }

  async me(): Promise<Me> {
    const actor = RequestContext.actor();
    return this.db.transaction(async (tx) => {
      const user = await tx.findOneByOrFail(UserEntity, { tenantId: actor.tenantId, id: actor.userId ?? '' });
      const tenant = await tx.findOneByOrFail(TenantEntity, { id: actor.tenantId });
      return { user: toUserObject(user), tenant: toTenantObject(tenant) };
    });
  }

  private async issueTokens(
    tx: EntityManager,
    tenantId: string,
    userId: string,
    familyId: string,
  ): Promise<AuthPayload> {
    const user = await tx.findOneByOrFail(UserEntity, { tenantId, id: userId });
    const tenant = await tx.findOneByOrFail(TenantEntity, { id: tenantId });
    const { secret, hash } = newRefreshSecret();
    const tokenId = newId();
    await tx.insert(RefreshTokenEntity, {
      tenantId,
      id: tokenId,
      userId,
      familyId,
      tokenHash: hash,
      expiresAt: new Date(Date.now() + durationMs(config().REFRESH_TOKEN_TTL)),
    });
    const access = signAccessToken({ sub: userId, tid: tenantId, cid: tenant.chainId, role: user.role });
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken: formatRefreshToken(tenantId, tokenId, secret),
      user: toUserObject(user),
      tenant: toTenantObject(tenant),
    };
  }

  private async revokeFamily(tx: EntityManager, familyId: string): Promise<void> {
    await tx.query(
      `UPDATE refresh_tokens SET revoked_at = now() WHERE tenant_id = app_tenant_id() AND family_id = $1 AND revoked_at IS NULL`,
      [familyId],
    );
  }
}
