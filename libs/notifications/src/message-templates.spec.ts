import { describe, expect, it } from '@jest/globals';
import {
  acknowledgementMessage,
  type ComplaintFacts,
  localTime,
  resolutionMessage,
} from './message-templates.js';
import { MessageChannel } from './notification.enums.js';

const facts: ComplaintFacts = {
  storeName: '阳光花园物业',
  timeZone: 'Asia/Shanghai',
  trackingCode: 'CT-ABCDE-23456',
  title: '电梯故障',
  customerName: '王女士',
  promisedReplyAt: new Date('2026-11-23T06:30:00Z'),
  resolutionSummary: '已更换电梯控制板',
};

describe('customer messages', () => {
  it('shows times in the store time zone', () => {
    expect(localTime(new Date('2026-11-23T06:30:00Z'), 'Asia/Shanghai', 'zh-CN')).toContain('14:30');
    expect(localTime(new Date('2026-11-23T06:30:00Z'), 'Europe/Berlin', 'en')).toContain('07:30');
  });

  it('acknowledges in Chinese first and English below, with the tracking code and promised time', () => {
    const mail = acknowledgementMessage(facts, MessageChannel.EMAIL);
    expect(mail.subject).toContain('CT-ABCDE-23456');
    const zh = mail.body.indexOf('已受理');
    const en = mail.body.indexOf('has received your complaint');
    expect(zh).toBeGreaterThanOrEqual(0);
    expect(en).toBeGreaterThan(zh);
    expect(mail.body).toContain('王女士');
    expect(mail.body.match(/14:30/g)).toHaveLength(2);
    expect(mail.body).toContain('CT-ABCDE-23456');
  });

  it('keeps SMS short and names the tracking code', () => {
    const sms = acknowledgementMessage(facts, MessageChannel.SMS);
    expect(sms.body).toContain('CT-ABCDE-23456');
    expect(sms.body.length).toBeLessThan(200);
  });

  it('tells the customer what was done when resolved', () => {
    const mail = resolutionMessage(facts, MessageChannel.EMAIL);
    expect(mail.subject).toContain('CT-ABCDE-23456');
    expect(mail.body).toContain('已更换电梯控制板');
    expect(mail.body).toContain('has been resolved');
  });

  it('greets without a name when none is known', () => {
    expect(acknowledgementMessage({ ...facts, customerName: null }, MessageChannel.EMAIL).body).toMatch(
      /^您好：/,
    );
  });
});
