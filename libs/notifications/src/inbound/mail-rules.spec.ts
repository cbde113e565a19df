import { describe, expect, it } from '@jest/globals';
import {
  intakeSlug,
  isAutomatic,
  isMailAddress,
  parseSenderList,
  senderAllowed,
  stripQuotedHistory,
  trackingCodeIn,
} from './mail-rules.js';

const headers = (values: Record<string, string>) => (name: string) => values[name];

describe('e-mail intake rules', () => {
  it('accepts plain addresses and refuses malformed ones', () => {
    expect(isMailAddress('wang.li+home@example.com.cn')).toBe(true);
    for (const bad of ['', 'no-at.example.com', 'a@b', 'a b@example.com', '<a@example.com>', 'a@-x.com'])
      expect(isMailAddress(bad)).toBe(false);
  });

  it('knows a store intake mailbox only on the intake domain', () => {
    expect(intakeSlug('Sunny-Garden@Intake.Example.com', 'intake.example.com')).toBe('sunny-garden');
    expect(intakeSlug('sunny-garden@example.com', 'intake.example.com')).toBeNull();
    expect(intakeSlug('a@intake.example.com', 'intake.example.com')).toBeNull();
  });

  it('finds a tracking code anywhere in the subject', () => {
    expect(trackingCodeIn('Re: [ct-abcde-23456] 您的投诉已受理')).toBe('CT-ABCDE-23456');
    expect(trackingCodeIn('Re: CT-ABCDE-2345')).toBeNull();
    expect(trackingCodeIn('CT-ABCDE-10000')).toBeNull(); // 0 and 1 are not in the alphabet
  });

  it('applies deny before allow, by address or domain', () => {
    const allow = parseSenderList('@good.example, vip@other.example');
    const deny = parseSenderList('bad@good.example');
    expect(senderAllowed('x@good.example', allow, deny)).toBe(true);
    expect(senderAllowed('vip@other.example', allow, deny)).toBe(true);
    expect(senderAllowed('bad@good.example', allow, deny)).toBe(false);
    expect(senderAllowed('x@other.example', allow, deny)).toBe(false);
    expect(senderAllowed('anyone@anywhere.example', [], [])).toBe(true);
    expect(senderAllowed('ads@spam.example', [], ['@spam.example'])).toBe(false);
  });

  it('recognises automatic mail', () => {
    expect(isAutomatic(headers({ 'auto-submitted': 'auto-replied' }))).toBe(true);
    expect(isAutomatic(headers({ 'auto-submitted': 'no' }))).toBe(false);
    expect(isAutomatic(headers({ precedence: 'bulk' }))).toBe(true);
    expect(isAutomatic(headers({ 'x-autoreply': 'yes' }))).toBe(true);
    expect(isAutomatic(headers({ 'list-id': '<news.example.com>' }))).toBe(true);
    expect(isAutomatic(headers({}))).toBe(false);
  });

  it('keeps the customer words of a reply and drops the quoted history', () => {
    expect(
      stripQuotedHistory(
        '好的，明天上午在家。\r\nThanks!\r\n\r\nOn Mon, 23 Nov 2026 at 10:00, Store <a@b.com> wrote:\r\n> 您的投诉已受理\r\n> old',
      ),
    ).toBe('好的，明天上午在家。\nThanks!');
    expect(stripQuotedHistory('可以\n\n在 2026年11月23日 10:00，门店 写道：\n> 旧内容')).toBe('可以');
    expect(stripQuotedHistory('yes\n-----Original Message-----\nFrom: x')).toBe('yes');
    expect(stripQuotedHistory('> quoted\nmine\n-- \nsignature')).toBe('mine');
  });
});
