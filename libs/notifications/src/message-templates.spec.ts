import { describe, expect, it } from '@jest/globals';
import {
  acknowledgementMessage,
  type ComplaintFacts,
  localTime,
  resolutionMessage,
  surveyInvitationMessage,
} from './message-templates.js';
import { MessageChannel } from './notification.enums.js';
import { redactSurveyTokens } from './outbound-message.object.js';

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

  it('invites to the survey with the link, Chinese first, the expiry in the store time zone', () => {
    const invitation = {
      storeName: '阳光花园物业',
      timeZone: 'Asia/Shanghai',
      customerName: '王女士',
      link: 'https://desk.example.com/survey/abc',
      expiresAt: new Date('2026-12-07T06:30:00Z'),
    };
    const mail = surveyInvitationMessage(invitation, MessageChannel.EMAIL);
    expect(mail.subject).toContain('满意度调查');
    const zh = mail.body.indexOf('仅可使用一次');
    const en = mail.body.indexOf('The link works once');
    expect(zh).toBeGreaterThanOrEqual(0);
    expect(en).toBeGreaterThan(zh);
    expect(mail.body.match(/https:\/\/desk\.example\.com\/survey\/abc/g)).toHaveLength(2);
    expect(mail.body.match(/14:30/g)).toHaveLength(2);
    const sms = surveyInvitationMessage(invitation, MessageChannel.SMS);
    expect(sms.body).toContain(invitation.link);
    expect(sms.body.indexOf('满意度调查')).toBeLessThan(sms.body.indexOf('Please rate'));
  });

  it('hides one-time survey tokens from staff reading the queue', () => {
    const token = 'Ab_-'.repeat(10) + 'xyz';
    expect(redactSurveyTokens(`请填写 https://desk.example.com/survey/${token} 谢谢`)).toBe(
      '请填写 https://desk.example.com/survey/… 谢谢',
    );
    expect(redactSurveyTokens('/survey/short stays')).toBe('/survey/short stays');
  });
});
