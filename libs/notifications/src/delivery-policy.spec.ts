import { describe, expect, it } from '@jest/globals';
import {
  afterFailure,
  type ComplaintContact,
  retryDelayMs,
  routeComplaintMessage,
} from './delivery-policy.js';
import { MessageChannel, MessageTemplate, SkipReason } from './notification.enums.js';

const contact = (overrides: Partial<ComplaintContact> = {}): ComplaintContact => ({
  complaintChannel: 'EMAIL',
  customerEmail: null,
  customerPhone: null,
  consentToContact: false,
  contactEmail: null,
  contactPhone: null,
  filedByCustomer: false,
  ...overrides,
});

describe('retry delay', () => {
  it('doubles per attempt within ±20 % jitter', () => {
    expect(retryDelayMs(1, 1000, () => 0.5)).toBe(1000);
    expect(retryDelayMs(2, 1000, () => 0.5)).toBe(2000);
    expect(retryDelayMs(3, 1000, () => 0.5)).toBe(4000);
    expect(retryDelayMs(3, 1000, () => 0)).toBe(3200);
    expect(retryDelayMs(3, 1000, () => 0.999999)).toBe(4800);
  });

  it('never waits more than six hours (plus jitter)', () => {
    expect(retryDelayMs(40, 60_000, () => 0.5)).toBe(6 * 3_600_000);
  });

  it('gives up once the attempts are used up', () => {
    expect(afterFailure(1, 3)).toBe('RETRY');
    expect(afterFailure(2, 3)).toBe('RETRY');
    expect(afterFailure(3, 3)).toBe('FAIL');
  });
});

describe('routing a complaint message', () => {
  it('sends to a consenting customer by e-mail when the complaint did not come by phone or SMS', () => {
    expect(
      routeComplaintMessage(
        contact({ customerEmail: 'a@b.cn', customerPhone: '13800000000', consentToContact: true }),
        MessageTemplate.ACKNOWLEDGEMENT,
      ),
    ).toEqual({ channel: MessageChannel.EMAIL, recipient: 'a@b.cn', skip: null });
  });

  it('answers a phoned-in complaint by SMS, falling back to e-mail without a phone', () => {
    const phoned = contact({
      complaintChannel: 'PHONE',
      customerEmail: 'a@b.cn',
      customerPhone: '13800000000',
      consentToContact: true,
    });
    expect(routeComplaintMessage(phoned, MessageTemplate.RESOLUTION).channel).toBe(MessageChannel.SMS);
    expect(
      routeComplaintMessage({ ...phoned, customerPhone: null }, MessageTemplate.RESOLUTION),
    ).toMatchObject({
      channel: MessageChannel.EMAIL,
      recipient: 'a@b.cn',
    });
  });

  it('records NO_ADDRESS when there is nothing to send to', () => {
    expect(
      routeComplaintMessage(contact({ consentToContact: true }), MessageTemplate.ACKNOWLEDGEMENT),
    ).toEqual({
      channel: MessageChannel.EMAIL,
      recipient: null,
      skip: SkipReason.NO_ADDRESS,
    });
  });

  it('skips a customer without consent for a complaint staff filed on their behalf', () => {
    expect(
      routeComplaintMessage(
        contact({ customerEmail: 'a@b.cn', contactEmail: 'a@b.cn' }),
        MessageTemplate.ACKNOWLEDGEMENT,
      ).skip,
    ).toBe(SkipReason.NO_CONSENT);
  });

  it('answers a complaint the customer filed themselves at the address they used, without consent', () => {
    const mailed = contact({ customerEmail: 'A@B.cn', contactEmail: 'a@b.cn', filedByCustomer: true });
    expect(routeComplaintMessage(mailed, MessageTemplate.ACKNOWLEDGEMENT).skip).toBeNull();
    expect(routeComplaintMessage(mailed, MessageTemplate.RESOLUTION).skip).toBeNull();
    // Not a survey, and not another address than the one they wrote from.
    expect(routeComplaintMessage(mailed, MessageTemplate.SURVEY_INVITATION).skip).toBe(SkipReason.NO_CONSENT);
    expect(
      routeComplaintMessage({ ...mailed, customerEmail: 'other@b.cn' }, MessageTemplate.ACKNOWLEDGEMENT).skip,
    ).toBe(SkipReason.NO_CONSENT);
  });
});
