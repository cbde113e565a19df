import { describe, expect, it } from '@jest/globals';
import { Role } from '@service-desk/core';
import { contactVisibility, normalizePhone, toCustomerObject } from './contact-visibility.js';
import type { CustomerEntity } from './customer.entity.js';
import { ContactVisibility } from './customer.object.js';

const customer = {
  tenantId: 't',
  id: 'c',
  name: '王伟',
  phone: '13812345678',
  email: 'wang.wei@example.com',
  memberNumber: 'HM1001',
  address: 'Building A 3-201',
  tier: 'GOLD',
  consentToContact: true,
  status: 'ACTIVE',
  lastVisitAt: null,
  visitCount: 0,
  idempotencyKey: null,
  createdBy: null,
  createdAt: new Date(0),
  updatedAt: new Date(0),
} satisfies CustomerEntity;

describe('customer contact visibility by role', () => {
  it('shows contact data in full to the front desk', () => {
    for (const role of [Role.OWNER, Role.SUPERVISOR, Role.AGENT])
      expect(contactVisibility(role)).toBe(ContactVisibility.FULL);
    expect(toCustomerObject(customer, ContactVisibility.FULL)).toMatchObject({
      phone: '13812345678',
      email: 'wang.wei@example.com',
    });
  });

  it('masks phone and e-mail for HR', () => {
    expect(contactVisibility(Role.HR)).toBe(ContactVisibility.MASKED);
    expect(toCustomerObject(customer, ContactVisibility.MASKED)).toMatchObject({
      phone: '138****5678',
      email: 'w***@example.com',
      memberNumber: 'HM1001',
    });
  });

  it('gives field staff and HQ name and location only', () => {
    expect(contactVisibility(Role.FIELD_STAFF)).toBe(ContactVisibility.HIDDEN);
    expect(contactVisibility(Role.HQ_ADMIN)).toBe(ContactVisibility.HIDDEN);
    expect(toCustomerObject(customer, ContactVisibility.HIDDEN)).toMatchObject({
      name: '王伟',
      address: 'Building A 3-201',
      phone: null,
      email: null,
      memberNumber: null,
    });
  });

  it('stores phone numbers without separators', () => {
    expect(normalizePhone('+86 (138) 1234-5678')).toBe('+8613812345678');
  });
});
