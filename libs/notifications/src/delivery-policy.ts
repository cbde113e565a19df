import {
  COMPLAINT_REPLY_TEMPLATES,
  MessageChannel,
  type MessageTemplate,
  SkipReason,
} from './notification.enums.js';

const MAX_DELAY_MS = 6 * 3_600_000;

/**
 * Delay before the next attempt after `attempts` failed ones: exponential (base, 2×base, 4×base …,
 * at most 6 h) with ±20 % jitter so that messages failing together do not retry together.
 */
export function retryDelayMs(attempts: number, baseMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(baseMs * 2 ** Math.max(0, attempts - 1), MAX_DELAY_MS);
  return Math.round(exponential * (0.8 + 0.4 * random()));
}

/** After a failed attempt: try again later, or give up once the attempts are used up. */
export function afterFailure(attempts: number, maxAttempts: number): 'RETRY' | 'FAIL' {
  return attempts >= maxAttempts ? 'FAIL' : 'RETRY';
}

/** What is known about whom a complaint message goes to. */
export interface ComplaintContact {
  /** The complaint's channel (PHONE, SMS, EMAIL, WEB …): answer on the channel the customer used. */
  complaintChannel: string;
  customerEmail: string | null;
  customerPhone: string | null;
  consentToContact: boolean;
  /** Contact details given with the complaint itself. */
  contactEmail: string | null;
  contactPhone: string | null;
  /** The customer filed the complaint themselves (public form or e-mail), not staff on their behalf. */
  filedByCustomer: boolean;
}

export interface Route {
  channel: MessageChannel;
  recipient: string | null;
  skip: SkipReason | null;
}

const sameAddress = (a: string | null, b: string | null) =>
  Boolean(a && b && a.trim().toLowerCase() === b.trim().toLowerCase());

/**
 * The channel and address of a complaint message, and whether it may be sent.
 *
 * Consent: a customer's `consentToContact` allows every message. Without it, the answer to a complaint
 * the customer filed themselves (acknowledgement and resolution of that complaint only) goes to the
 * address they wrote from or left on the form: they asked for that answer, and the manual wants every
 * complaint answered. Surveys, revisits and anything else still need consent.
 */
export function routeComplaintMessage(contact: ComplaintContact, template: MessageTemplate): Route {
  const email = contact.customerEmail ?? contact.contactEmail;
  const phone = contact.customerPhone ?? contact.contactPhone;
  const bySms = ['SMS', 'PHONE'].includes(contact.complaintChannel);
  const order: Array<[MessageChannel, string | null]> = bySms
    ? [
        [MessageChannel.SMS, phone],
        [MessageChannel.EMAIL, email],
      ]
    : [
        [MessageChannel.EMAIL, email],
        [MessageChannel.SMS, phone],
      ];
  const found = order.find(([, address]) => Boolean(address?.trim()));
  if (!found) return { channel: order[0][0], recipient: null, skip: SkipReason.NO_ADDRESS };
  const [channel, recipient] = found;
  const solicited =
    contact.filedByCustomer &&
    COMPLAINT_REPLY_TEMPLATES.includes(template) &&
    (channel === MessageChannel.EMAIL
      ? sameAddress(recipient, contact.contactEmail)
      : sameAddress(recipient, contact.contactPhone));
  if (!contact.consentToContact && !solicited) return { channel, recipient, skip: SkipReason.NO_CONSENT };
  return { channel, recipient: recipient!.trim(), skip: null };
}
