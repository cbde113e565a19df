import { describe, expect, it } from '@jest/globals';
import { maskEmail, maskPhone } from './masking.js';

describe('PII masking', () => {
  it('keeps the first three and last four digits of a phone number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+8613812345678')).toBe('+86*******5678');
  });

  it('hides short phone numbers entirely and keeps null', () => {
    expect(maskPhone('1234567')).toBe('*******');
    expect(maskPhone(null)).toBeNull();
  });

  it('keeps the first letter and the domain of an e-mail', () => {
    expect(maskEmail('zhang.wei@example.com')).toBe('z***@example.com');
    expect(maskEmail('broken')).toBe('***');
    expect(maskEmail(null)).toBeNull();
  });
});
