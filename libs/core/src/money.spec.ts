import { describe, expect, it } from '@jest/globals';
import { isMoney } from './money.js';

describe('money amounts', () => {
  it('accepts whole amounts and cents', () => {
    for (const value of [0, 1, 12.5, 199.99, 2000, 10_000_000, 0.3]) expect(isMoney(value)).toBe(true);
  });

  it('refuses fractions of a cent, exponent-form tiny numbers and non-finite values', () => {
    for (const value of [0.001, 1.234, 1e-7, 5e-324, Number.NaN, Number.POSITIVE_INFINITY, '12', null])
      expect(isMoney(value)).toBe(false);
  });
});
