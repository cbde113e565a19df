import { registerEnumType } from '@nestjs/graphql';

/** Kinds of revisit (DESIGN section 6.3; 督察回访, 维护回访, 投诉回访, 售后回访, 流失客户回访). */
export enum RevisitType {
  SUPERVISORY = 'SUPERVISORY',
  MAINTENANCE = 'MAINTENANCE',
  COMPLAINT = 'COMPLAINT',
  AFTER_SALES = 'AFTER_SALES',
  CHURN_WINBACK = 'CHURN_WINBACK',
  SURVEY = 'SURVEY',
}

/** How the customer was (or was tried to be) reached. */
export enum RevisitChannel {
  PHONE = 'PHONE',
  SMS = 'SMS',
  EMAIL = 'EMAIL',
  IM = 'IM',
}

const values = (map: Record<string, string>) =>
  Object.fromEntries(Object.entries(map).map(([key, description]) => [key, { description }]));

registerEnumType(RevisitType, {
  name: 'RevisitType',
  description: 'Why the customer is revisited.',
  valuesMap: values({
    SUPERVISORY: 'Quality audit (督察回访) of a sampled closed complaint or work order; done by supervisors.',
    MAINTENANCE: 'Keeping a premium member in touch on a cadence (维护回访).',
    COMPLAINT: 'Follow-up after a complaint was resolved (投诉回访).',
    AFTER_SALES: 'Follow-up some days after a purchase (售后回访).',
    CHURN_WINBACK: 'Win-back call to a churned customer (流失客户回访).',
    SURVEY: 'A SERVQUAL survey interview.',
  }),
});

registerEnumType(RevisitChannel, {
  name: 'RevisitChannel',
  description: 'Contact channel of a revisit attempt.',
  valuesMap: values({
    PHONE: 'Telephone call.',
    SMS: 'Text message.',
    EMAIL: 'E-mail.',
    IM: 'Instant messaging (WeChat, QQ, …).',
  }),
});
