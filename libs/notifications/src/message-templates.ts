import { MessageChannel } from './notification.enums.js';

/** What the customer-facing complaint messages say (no staff names, no internal notes). */
export interface ComplaintFacts {
  storeName: string;
  timeZone: string;
  trackingCode: string;
  title: string;
  customerName: string | null;
  promisedReplyAt: Date | null;
  resolutionSummary: string | null;
}

export interface MessageText {
  subject: string;
  body: string;
}

/** A time in the store's time zone, e.g. `2026年11月23日 14:30` / `23 Nov 2026, 14:30`. */
export function localTime(at: Date, timeZone: string, locale: 'zh-CN' | 'en'): string {
  const options: Intl.DateTimeFormatOptions = {
    timeZone,
    year: 'numeric',
    month: locale === 'en' ? 'short' : 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  };
  const text = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', options).format(at);
  return `${text} (${timeZone})`;
}

const short = (text: string, max: number) => {
  const characters = Array.from(text);
  return characters.length > max ? `${characters.slice(0, max - 1).join('')}…` : text;
};

/** 告知: the complaint is received, with its tracking code and the reply time promised. */
export function acknowledgementMessage(facts: ComplaintFacts, channel: MessageChannel): MessageText {
  const promisedZh = facts.promisedReplyAt
    ? `我们将在 ${localTime(facts.promisedReplyAt, facts.timeZone, 'zh-CN')} 前答复您。`
    : '我们会尽快答复您。';
  const promisedEn = facts.promisedReplyAt
    ? `We will reply by ${localTime(facts.promisedReplyAt, facts.timeZone, 'en')}.`
    : 'We will reply as soon as possible.';
  if (channel === MessageChannel.SMS) {
    return {
      subject: `${facts.storeName} ${facts.trackingCode}`,
      body: `【${facts.storeName}】您的投诉已受理，查询编号 ${facts.trackingCode}。${promisedZh}\nYour complaint ${facts.trackingCode} is being handled. ${promisedEn}`,
    };
  }
  const greetingZh = facts.customerName ? `${facts.customerName}，您好：` : '您好：';
  const greetingEn = facts.customerName ? `Dear ${facts.customerName},` : 'Dear customer,';
  return {
    subject: `[${facts.trackingCode}] 您的投诉已受理 / We have received your complaint`,
    body: [
      greetingZh,
      '',
      `感谢您告诉我们“${short(facts.title, 80)}”。${facts.storeName}已受理您的投诉，正在处理。`,
      promisedZh,
      `查询编号：${facts.trackingCode}（回复本邮件时请保留主题中的编号）。`,
      '',
      '----',
      greetingEn,
      '',
      `Thank you for telling us about "${short(facts.title, 80)}". ${facts.storeName} has received your complaint and is working on it.`,
      promisedEn,
      `Tracking code: ${facts.trackingCode} (keep it in the subject when you reply to this e-mail).`,
    ].join('\n'),
  };
}

/** 处理反馈: what was done; the revisit follows. */
export function resolutionMessage(facts: ComplaintFacts, channel: MessageChannel): MessageText {
  const summary = facts.resolutionSummary?.trim() || null;
  if (channel === MessageChannel.SMS) {
    return {
      subject: `${facts.storeName} ${facts.trackingCode}`,
      body: `【${facts.storeName}】您的投诉 ${facts.trackingCode} 已处理完毕${summary ? `：${short(summary, 60)}` : '。'}如有疑问请回复。\nYour complaint ${facts.trackingCode} has been resolved. Reply if anything is still wrong.`,
    };
  }
  const greetingZh = facts.customerName ? `${facts.customerName}，您好：` : '您好：';
  const greetingEn = facts.customerName ? `Dear ${facts.customerName},` : 'Dear customer,';
  return {
    subject: `[${facts.trackingCode}] 您的投诉已处理 / Your complaint has been resolved`,
    body: [
      greetingZh,
      '',
      `您关于“${short(facts.title, 80)}”的投诉已处理完毕。`,
      ...(summary ? [`处理结果：${summary}`] : []),
      '我们稍后会回访，了解您是否满意。如仍有问题，请直接回复本邮件。',
      `查询编号：${facts.trackingCode}`,
      '',
      '----',
      greetingEn,
      '',
      `Your complaint about "${short(facts.title, 80)}" has been resolved.`,
      ...(summary ? [`What we did: ${summary}`] : []),
      'We will follow up to hear whether you are satisfied. If anything is still wrong, just reply to this e-mail.',
      `Tracking code: ${facts.trackingCode}`,
    ].join('\n'),
  };
}

/** What a survey invitation says: the store, the one-time link and until when it works. */
export interface SurveyInvitationFacts {
  storeName: string;
  timeZone: string;
  customerName: string | null;
  /** The absolute link with the raw one-time token: it exists only in this message. */
  link: string;
  expiresAt: Date;
}

/** 满意度调查: an invitation to rate the store on the SERVQUAL statements through a one-time link. */
export function surveyInvitationMessage(facts: SurveyInvitationFacts, channel: MessageChannel): MessageText {
  const untilZh = localTime(facts.expiresAt, facts.timeZone, 'zh-CN');
  const untilEn = localTime(facts.expiresAt, facts.timeZone, 'en');
  if (channel === MessageChannel.SMS) {
    return {
      subject: `${facts.storeName} 满意度调查`,
      body: `【${facts.storeName}】邀请您参加满意度调查：${facts.link} （${untilZh} 前有效）\nPlease rate our service: ${facts.link} (valid until ${untilEn})`,
    };
  }
  const greetingZh = facts.customerName ? `${facts.customerName}，您好：` : '您好：';
  const greetingEn = facts.customerName ? `Dear ${facts.customerName},` : 'Dear customer,';
  return {
    subject: `${facts.storeName} 满意度调查 / How did we do?`,
    body: [
      greetingZh,
      '',
      `感谢您光临${facts.storeName}。请花几分钟告诉我们您对服务的期望和实际感受：`,
      facts.link,
      `此链接仅可使用一次，${untilZh} 前有效。`,
      '',
      '----',
      greetingEn,
      '',
      `Thank you for visiting ${facts.storeName}. Please take a few minutes to tell us what you expected and what you experienced:`,
      facts.link,
      `The link works once, until ${untilEn}.`,
    ].join('\n'),
  };
}
