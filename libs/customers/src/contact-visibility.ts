import { maskEmail, maskPhone, Role } from '@service-desk/core';
import type { CustomerEntity } from './customer.entity.js';
import {
  ContactVisibility,
  type CustomerObject,
  type CustomerStatusEnum,
  type Tier,
} from './customer.object.js';

/** DESIGN section 4: front-desk roles see contact data, HR sees it masked, field staff name and location only. */
export function contactVisibility(role: Role | 'SYSTEM'): ContactVisibility {
  switch (role) {
    case Role.OWNER:
    case Role.SUPERVISOR:
    case Role.AGENT:
    case 'SYSTEM':
      return ContactVisibility.FULL;
    case Role.HR:
      return ContactVisibility.MASKED;
    default:
      return ContactVisibility.HIDDEN;
  }
}

export function toCustomerObject(customer: CustomerEntity, visibility: ContactVisibility): CustomerObject {
  const full = visibility === ContactVisibility.FULL;
  const masked = visibility === ContactVisibility.MASKED;
  return {
    id: customer.id,
    name: customer.name,
    phone: full ? customer.phone : masked ? maskPhone(customer.phone) : null,
    email: full ? customer.email : masked ? maskEmail(customer.email) : null,
    memberNumber: visibility === ContactVisibility.HIDDEN ? null : customer.memberNumber,
    address: customer.address,
    tier: customer.tier as Tier,
    consentToContact: customer.consentToContact,
    status: customer.status as CustomerStatusEnum,
    lastVisitAt: visibility === ContactVisibility.HIDDEN ? null : customer.lastVisitAt,
    visitCount: visibility === ContactVisibility.HIDDEN ? null : customer.visitCount,
    contactVisibility: visibility,
    createdById: customer.createdBy,
    createdAt: customer.createdAt,
    updatedAt: customer.updatedAt,
  };
}

/** Phones are stored without separators so that searching by digits finds them. */
export const normalizePhone = (phone: string): string => phone.replace(/[\s()-]/g, '');
