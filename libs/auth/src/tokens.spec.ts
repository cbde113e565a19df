import { describe, expect, it } from '@jest/globals';
import jwt from 'jsonwebtoken';
import { newId, Role } from '@service-desk/core';
import {
  formatRefreshToken,
  newRefreshSecret,
  parseRefreshToken,
  sameHash,
  sha256,
  signAccessToken,
  verifyAccessToken,
} from './tokens.js';

const claims = { sub: newId(), tid: newId(), cid: newId(), role: Role.AGENT };

describe('access tokens', () => {
  it('verifies what it signs', () => {
    const { token, expiresAt } = signAccessToken(claims);
    expect(verifyAccessToken(token)).toEqual(claims);
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it('refuses unsigned, re-signed, expired and non-access tokens', () => {
    const { token } = signAccessToken(claims);
    const [, payload] = token.split('.');
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    expect(verifyAccessToken(unsigned)).toBeNull();
    expect(
      verifyAccessToken(jwt.sign({ ...claims, typ: 'access', iss: 'service-desk' }, 'x'.repeat(40))),
    ).toBeNull();
    const secret = 'service-desk-development-secret-do-not-use-in-production';
    expect(
      verifyAccessToken(
        jwt.sign({ ...claims, typ: 'access' }, secret, { issuer: 'service-desk', expiresIn: -10 }),
      ),
    ).toBeNull();
    expect(
      verifyAccessToken(jwt.sign({ ...claims, typ: 'refresh' }, secret, { issuer: 'service-desk' })),
    ).toBeNull();
    expect(
      verifyAccessToken(
        jwt.sign({ ...claims, role: 'ROOT', typ: 'access' }, secret, { issuer: 'service-desk' }),
      ),
    ).toBeNull();
  });
});

describe('refresh tokens', () => {
  it('carries tenant and token ids and stores only a hash of the secret', () => {
    const tenantId = newId();
    const tokenId = newId();
    const { secret, hash } = newRefreshSecret();
    const parsed = parseRefreshToken(formatRefreshToken(tenantId, tokenId, secret));
    expect(parsed).toEqual({ tenantId, tokenId, secret });
    expect(hash).toBe(sha256(secret));
    expect(hash).not.toContain(secret);
    expect(sameHash(hash, sha256(secret))).toBe(true);
    expect(sameHash(hash, sha256(`${secret}x`))).toBe(false);
  });

  it('rejects malformed refresh tokens', () => {
    for (const bad of [
      '',
      'a.b.c',
      `${newId()}.${newId()}`,
      `${newId()}.${newId()}.short`,
      `x.${newId()}.${'a'.repeat(43)}`,
    ]) {
      expect(parseRefreshToken(bad)).toBeNull();
    }
  });
});
