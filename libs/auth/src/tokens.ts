import { createHash, createSecretKey, type KeyObject, randomBytes, timingSafeEqual } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { config, durationMs, isUuid, Role } from '@service-desk/core';

export interface AccessClaims {
  sub: string;
  tid: string;
  cid: string;
  role: Role;
}

const ISSUER = 'service-desk';

// A key object made once: given a string, jsonwebtoken first tries (and fails) to parse it as a
// public key on every call, which costs more than the HMAC itself.
let signingKey: { secret: string; key: KeyObject } | undefined;
function key(): KeyObject {
  const secret = config().JWT_SECRET;
  if (signingKey?.secret !== secret) signingKey = { secret, key: createSecretKey(Buffer.from(secret)) };
  return signingKey.key;
}

export function signAccessToken(claims: AccessClaims): { token: string; expiresAt: Date } {
  const ttl = durationMs(config().ACCESS_TOKEN_TTL);
  const token = jwt.sign({ ...claims, typ: 'access' }, key(), {
    algorithm: 'HS256',
    expiresIn: Math.floor(ttl / 1000),
    issuer: ISSUER,
  });
  return { token, expiresAt: new Date(Date.now() + ttl) };
}

/** Verifies signature (HS256 only: `alg: none` and other algorithms are refused), expiry and shape. */
export function verifyAccessToken(token: string): AccessClaims | null {
  try {
    const payload = jwt.verify(token, key(), { algorithms: ['HS256'], issuer: ISSUER });
    if (typeof payload !== 'object' || payload === null) return null;
    const { sub, tid, cid, role, typ } = payload as Record<string, unknown>;
    if (typ !== 'access' || typeof sub !== 'string' || typeof tid !== 'string' || typeof cid !== 'string')
      return null;
    if (!isUuid(sub) || !isUuid(tid) || !isUuid(cid) || !Object.values(Role).includes(role as Role))
      return null;
    return { sub, tid, cid, role: role as Role };
  } catch {
    return null;
  }
}

/**
 * Refresh tokens are `<tenantId>.<tokenId>.<secret>`: the ids locate the row (under the tenant's RLS
 * scope), the secret is random and only its SHA-256 is stored.
 */
export function newRefreshSecret(): { secret: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { secret, hash: sha256(secret) };
}

export const formatRefreshToken = (tenantId: string, tokenId: string, secret: string) =>
  `${tenantId}.${tokenId}.${secret}`;

export function parseRefreshToken(
  token: string,
): { tenantId: string; tokenId: string; secret: string } | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !isUuid(parts[0]) || !isUuid(parts[1]) || !/^[\w-]{43}$/.test(parts[2]))
    return null;
  return { tenantId: parts[0], tokenId: parts[1], secret: parts[2] };
}

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
