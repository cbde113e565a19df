import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType } from '@service-desk/core';
import { MessageChannel, MessageStatus, SkipReason } from '@service-desk/notifications';
import { ServqualDimension } from './servqual.js';

registerEnumType(ServqualDimension, {
  name: 'ServqualDimension',
  description: 'The five SERVQUAL dimensions of service quality (有形性, 可靠性, 响应性, 保证性, 移情性).',
  valuesMap: {
    TANGIBLES: { description: '有形性: premises, equipment, staff appearance, printed material.' },
    RELIABILITY: { description: '可靠性: doing what was promised, right the first time.' },
    RESPONSIVENESS: { description: '响应性: willingness to help and prompt service.' },
    ASSURANCE: { description: "保证性: staff's knowledge and courtesy, and the confidence they inspire." },
    EMPATHY: { description: '移情性: individual, caring attention to each customer.' },
  },
});

export enum SurveyChannel {
  REVISIT = 'REVISIT',
  PUBLIC_LINK = 'PUBLIC_LINK',
}

registerEnumType(SurveyChannel, {
  name: 'SurveyChannel',
  description: 'How a survey response arrived.',
  valuesMap: {
    REVISIT: { description: 'Entered by staff during a revisit (回访).' },
    PUBLIC_LINK: { description: 'Answered by the customer through a one-time public link.' },
  },
});

@ObjectType('SurveyItem', {
  description: 'One statement of a survey template, rated as expectation and perception.',
})
export class SurveyItemObject {
  @Field(() => ID, { description: 'Item id (answers name it).' })
  id!: string;

  @Field(() => ServqualDimension, { description: 'The dimension the statement measures.' })
  dimension!: ServqualDimension;

  @Field({ description: "The statement, in the template's language." })
  text!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The statement in English, when the template carries it.',
  })
  textEn!: string | null;

  @Field(() => Int, { description: 'Order of the statement in the survey (1 first).' })
  position!: number;
}

@ObjectType('SurveyTemplate', {
  description:
    'A SERVQUAL questionnaire. A template with responses is never changed: editing it makes a new version.',
})
export class SurveyTemplateObject {
  @Field(() => ID, { description: 'Template id.' })
  id!: string;

  @Field({ description: 'Name.' })
  name!: string;

  @Field({ description: 'Language of the statements (BCP 47, e.g. zh-CN).' })
  language!: string;

  @Field({ description: 'Whether new invitations and revisit responses may use it.' })
  active!: boolean;

  @Field(() => Int, {
    description: 'Version number: 1 for a new template, +1 for each edit of an answered one.',
  })
  version!: number;

  @Field(() => ID, { nullable: true, description: 'The version this one replaced.' })
  previousVersionId!: string | null;

  @Field({ description: 'True for the default SERVQUAL template the system created for the tenant.' })
  isDefault!: boolean;

  @Field(() => String, {
    nullable: true,
    description:
      'The overall satisfaction question (CSAT, 1–5) asked after the statements; null when not asked.',
  })
  csatQuestion!: string | null;

  @Field(() => [SurveyItemObject], { description: 'The statements, in order.' })
  items!: SurveyItemObject[];

  @Field(() => Int, { description: 'Responses recorded with this template.' })
  responseCount!: number;

  @Field(() => GraphQLISODateTime, { description: 'When the template was created.' })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'When the template last changed.' })
  updatedAt!: Date;
}

@ObjectType({ description: 'A page of survey templates.' })
export class SurveyTemplateConnection extends ConnectionType(SurveyTemplateObject, 'SurveyTemplate') {}

@ObjectType('SurveyInvitationMessage', {
  description: 'The queued message carrying a survey link (see outboundMessages for its delivery).',
})
export class SurveyInvitationMessageObject {
  @Field(() => ID, { description: 'Outbound message id.' })
  messageId!: string;

  @Field(() => MessageChannel, { description: 'How the link is sent.' })
  channel!: MessageChannel;

  @Field(() => MessageStatus, {
    description: 'PENDING: the worker will deliver it; SKIPPED: recorded but never sent (see skipReason).',
  })
  status!: MessageStatus;

  @Field(() => SkipReason, {
    nullable: true,
    description: 'Why it is not sent (NO_CONSENT, NO_ADDRESS, DISABLED), when SKIPPED.',
  })
  skipReason!: SkipReason | null;
}

@ObjectType('SurveyInvitationLink', {
  description:
    'A one-time survey link. The raw token is shown only here, once; the store keeps only its hash.',
})
export class SurveyInvitationLinkObject {
  @Field(() => ID, { description: 'Invitation id.' })
  invitationId!: string;

  @Field(() => ID, { description: 'The template the customer will answer.' })
  templateId!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'The one-time token. Null when a retry with the same idempotency key returns an existing invitation: the token cannot be shown twice.',
  })
  token!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Path of the public survey page with the token (append it to the public site address); null like the token.',
  })
  path!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The absolute link of the public survey page (PUBLIC_BASE_URL + path); null like the token.',
  })
  url!: string | null;

  @Field(() => SurveyInvitationMessageObject, {
    nullable: true,
    description: 'The message that carries the link to the customer, when the invitation was sent.',
  })
  message!: SurveyInvitationMessageObject | null;

  @Field(() => GraphQLISODateTime, { description: 'The link stops working at this time.' })
  expiresAt!: Date;

  @Field(() => ID, { nullable: true, description: 'Customer invited, if named.' })
  customerId!: string | null;

  @Field(() => ID, { nullable: true, description: 'Zone the survey is about, if named.' })
  zoneId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The revisit the invitation belongs to, if any.' })
  revisitId!: string | null;
}

@ObjectType('SurveyAnswer', { description: 'The expectation and perception given for one statement.' })
export class SurveyAnswerObject {
  @Field(() => ID, { description: 'The statement answered.' })
  itemId!: string;

  @Field(() => ServqualDimension, { description: "The statement's dimension." })
  dimension!: ServqualDimension;

  @Field(() => Int, { description: 'Expectation E, 1 (strongly disagree) to 7 (strongly agree).' })
  expectation!: number;

  @Field(() => Int, { description: 'Perception P, 1 (strongly disagree) to 7 (strongly agree).' })
  perception!: number;
}

@ObjectType('SurveyResponse', { description: 'One completed survey.' })
export class SurveyResponseObject {
  @Field(() => ID, { description: 'Response id.' })
  id!: string;

  @Field(() => ID, { description: 'The template answered.' })
  templateId!: string;

  @Field(() => SurveyChannel, { description: 'How the response arrived.' })
  channel!: SurveyChannel;

  @Field(() => ID, { nullable: true, description: 'The customer, when known.' })
  customerId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The revisit it came from, if any.' })
  revisitId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The zone it is about, if any.' })
  zoneId!: string | null;

  @Field(() => Int, { nullable: true, description: 'Overall satisfaction 1–5, if answered.' })
  csat!: number | null;

  @Field(() => String, { nullable: true, description: "The customer's comment, if any." })
  comment!: string | null;

  @Field(() => [SurveyAnswerObject], { description: 'The answers, in the order of the statements.' })
  answers!: SurveyAnswerObject[];

  @Field(() => GraphQLISODateTime, { description: 'When the response was recorded.' })
  submittedAt!: Date;
}

@ObjectType('PublicSurveyItem', { description: 'A statement to rate, as the public survey page shows it.' })
export class PublicSurveyItemObject {
  @Field(() => ID, { description: 'Item id (the answer names it).' })
  id!: string;

  @Field(() => ServqualDimension, { description: 'The dimension the statement measures.' })
  dimension!: ServqualDimension;

  @Field({ description: 'The statement.' })
  text!: string;

  @Field(() => String, { nullable: true, description: 'The statement in English, if available.' })
  textEn!: string | null;

  @Field(() => Int, { description: 'Order of the statement (1 first).' })
  position!: number;
}

@ObjectType('PublicSurvey', {
  description:
    'What a customer with a survey link sees: the statements only, no personal data, no staff names.',
})
export class PublicSurveyObject {
  @Field({ description: 'The store asking.' })
  storeName!: string;

  @Field({ description: 'Language of the statements.' })
  language!: string;

  @Field(() => [PublicSurveyItemObject], {
    description: 'Statements to rate twice, on 1–7: expected and experienced.',
  })
  items!: PublicSurveyItemObject[];

  @Field(() => String, { nullable: true, description: 'The overall satisfaction question (1–5), if asked.' })
  csatQuestion!: string | null;

  @Field(() => GraphQLISODateTime, { description: 'The link works until this time.' })
  expiresAt!: Date;
}

@ObjectType('PublicSurveyReceipt', { description: 'Confirmation that a public survey was recorded.' })
export class PublicSurveyReceiptObject {
  @Field(() => GraphQLISODateTime, { description: 'When the answers were recorded.' })
  submittedAt!: Date;

  @Field(() => Int, { description: 'How many statements were answered.' })
  answered!: number;
}
