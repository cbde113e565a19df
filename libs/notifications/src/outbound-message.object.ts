import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType } from '@service-desk/core';
import { MessageChannel, MessageStatus, MessageTemplate, SkipReason } from './notification.enums.js';

const values = (descriptions: Record<string, string>) =>
  Object.fromEntries(Object.entries(descriptions).map(([key, description]) => [key, { description }]));

registerEnumType(MessageChannel, {
  name: 'MessageChannel',
  description: 'How a customer message is delivered.',
  valuesMap: values({ EMAIL: 'E-mail over SMTP.', SMS: 'Text message through the SMS gateway.' }),
});
registerEnumType(MessageTemplate, {
  name: 'MessageTemplate',
  description: 'What a customer message is about.',
  valuesMap: values({
    ACKNOWLEDGEMENT: 'The complaint is received, with its tracking code and the promised reply time (告知).',
    RESOLUTION: 'The complaint is resolved (处理反馈).',
    SURVEY_INVITATION: 'An invitation to answer a satisfaction survey.',
    REVISIT: 'A revisit message.',
    CUSTOM: 'Any other text written by a feature.',
  }),
});
registerEnumType(MessageStatus, {
  name: 'MessageStatus',
  description: 'Where a message is in delivery: PENDING → SENT | FAILED | SKIPPED.',
  valuesMap: values({
    PENDING: 'Waiting for (another) delivery attempt.',
    SENT: 'Accepted by the mail server or SMS gateway.',
    FAILED: 'Every attempt failed; retryMessage queues it again.',
    SKIPPED: 'Recorded but not sent (see skipReason).',
  }),
});
registerEnumType(SkipReason, {
  name: 'MessageSkipReason',
  description: 'Why a message was not sent.',
  valuesMap: values({
    NO_CONSENT: 'The customer has not consented to be contacted.',
    NO_ADDRESS: 'No e-mail address or phone number is known.',
    DISABLED: 'The channel is not configured (no SMTP_URL or SMS_GATEWAY_URL).',
  }),
});

@ObjectType('OutboundMessage', { description: 'A message to a customer in the outbound queue.' })
export class OutboundMessageObject {
  @Field(() => ID, { description: 'Message id.' })
  id!: string;

  @Field(() => MessageChannel, { description: 'E-mail or SMS.' })
  channel!: MessageChannel;

  @Field(() => MessageTemplate, { description: 'What the message is about.' })
  template!: MessageTemplate;

  @Field(() => String, {
    nullable: true,
    description: 'E-mail address or phone number; null when none is known.',
  })
  recipient!: string | null;

  @Field({ description: 'Subject (e-mail) or heading.' })
  subject!: string;

  @Field({ description: 'The text sent (Chinese, then English); one-time survey tokens are shown as …' })
  body!: string;

  @Field(() => MessageStatus, { description: 'Delivery status.' })
  status!: MessageStatus;

  @Field(() => SkipReason, { nullable: true, description: 'Why it was not sent, when SKIPPED.' })
  skipReason!: SkipReason | null;

  @Field(() => Int, { description: 'Delivery attempts so far.' })
  attempts!: number;

  @Field({ description: 'When the next attempt is due (PENDING).' })
  nextAttemptAt!: Date;

  @Field(() => String, { nullable: true, description: 'The error of the last failed attempt.' })
  lastError!: string | null;

  @Field(() => ID, { nullable: true, description: 'The complaint the message is about.' })
  complaintId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The customer it is addressed to.' })
  customerId!: string | null;

  @Field({ description: 'When it was queued.' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the server or gateway accepted it.' })
  sentAt!: Date | null;
}

@ObjectType({ description: 'A page of outbound messages, newest first.' })
export class OutboundMessageConnection extends ConnectionType(OutboundMessageObject, 'OutboundMessage') {}

export interface OutboundMessageRow {
  id: string;
  channel: MessageChannel;
  template: MessageTemplate;
  recipient: string | null;
  subject: string;
  body: string;
  status: MessageStatus;
  skip_reason: SkipReason | null;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  complaint_id: string | null;
  customer_id: string | null;
  created_at: Date;
  sent_at: Date | null;
}

/**
 * A one-time survey token is for the customer only: staff reading the queue see the link without it
 * (otherwise anyone with the outbox could answer in the customer's place).
 */
export const redactSurveyTokens = (text: string): string =>
  text.replace(/\/survey\/[A-Za-z0-9_-]{43}/g, '/survey/…');

export function toOutboundMessageObject(row: OutboundMessageRow): OutboundMessageObject {
  return {
    id: row.id,
    channel: row.channel,
    template: row.template,
    recipient: row.recipient,
    subject: row.subject,
    body: redactSurveyTokens(row.body),
    status: row.status,
    skipReason: row.skip_reason,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    complaintId: row.complaint_id,
    customerId: row.customer_id,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}
