import { registerEnumType } from '@nestjs/graphql';
import { ComplaintState } from './complaint-lifecycle.js';

export enum Channel {
  PHONE = 'PHONE',
  SMS = 'SMS',
  EMAIL = 'EMAIL',
  FAX = 'FAX',
  IM = 'IM',
  WALK_IN = 'WALK_IN',
  WEB = 'WEB',
}

export enum Category {
  PRODUCT_QUALITY = 'PRODUCT_QUALITY',
  SERVICE_ATTITUDE = 'SERVICE_ATTITUDE',
  MISLEADING_PROMOTION = 'MISLEADING_PROMOTION',
  CUSTOMER_EXPECTATION = 'CUSTOMER_EXPECTATION',
  MANAGEMENT = 'MANAGEMENT',
  OTHER = 'OTHER',
}

export enum SeverityLevel {
  LOW = 'LOW',
  NORMAL = 'NORMAL',
  HIGH = 'HIGH',
  CRITICAL = 'CRITICAL',
}

export enum Remedy {
  REPAIR = 'REPAIR',
  REPLACE = 'REPLACE',
  REFUND = 'REFUND',
  VOUCHER = 'VOUCHER',
  POINTS = 'POINTS',
  APOLOGY = 'APOLOGY',
  OTHER = 'OTHER',
}

export enum NoteVisibility {
  INTERNAL = 'INTERNAL',
  PUBLIC = 'PUBLIC',
}

export enum ProposalStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
}

export enum RevisitStatus {
  PENDING = 'PENDING',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
  UNREACHABLE = 'UNREACHABLE',
  CANCELLED = 'CANCELLED',
}

export enum PromiseKind {
  ACKNOWLEDGEMENT = 'ACKNOWLEDGEMENT',
  ESCALATION = 'ESCALATION',
}

const values = (descriptions: Record<string, string>) =>
  Object.fromEntries(Object.entries(descriptions).map(([key, description]) => [key, { description }]));

registerEnumType(ComplaintState, {
  name: 'ComplaintState',
  description: 'Where a complaint is in its lifecycle.',
  valuesMap: values({
    RECEIVED: 'Recorded (受理); the first-reply clock runs.',
    ACKNOWLEDGED: 'The customer has had a first reply with a promised time (告知).',
    INVESTIGATING: 'Being looked into (调查).',
    AWAITING_CUSTOMER: 'Waiting for the customer; the resolution clock is paused.',
    PROPOSED: 'A resolution proposal is with the customer.',
    RESOLVED: 'Resolved; the revisit is due within the revisit period.',
    CLOSED: 'The loop is closed (终止).',
  }),
});
registerEnumType(Channel, {
  name: 'Channel',
  description: 'How the complaint reached the store.',
  valuesMap: values({
    PHONE: 'Telephone.',
    SMS: 'Text message.',
    EMAIL: 'E-mail.',
    FAX: 'Fax.',
    IM: 'Instant messaging (WeChat, QQ…).',
    WALK_IN: 'In person at the store.',
    WEB: 'Public web form.',
  }),
});
registerEnumType(Category, {
  name: 'ComplaintCategory',
  description: 'Cause of the complaint (投诉原因).',
  valuesMap: values({
    PRODUCT_QUALITY: 'The product was faulty or unsafe.',
    SERVICE_ATTITUDE: "Staff's attitude or manners.",
    MISLEADING_PROMOTION: 'Advertising or promotion promised more than was delivered.',
    CUSTOMER_EXPECTATION: 'Expectations the service did not meet.',
    MANAGEMENT: 'Store management, facilities or process.',
    OTHER: 'Anything else.',
  }),
});
registerEnumType(SeverityLevel, {
  name: 'Severity',
  description: 'How serious the complaint is; drives the SLA targets.',
  valuesMap: values({
    LOW: 'Minor.',
    NORMAL: 'Ordinary.',
    HIGH: 'Serious: health, safety or money at stake.',
    CRITICAL: 'Urgent: immediate harm or public exposure.',
  }),
});
registerEnumType(Remedy, {
  name: 'Remedy',
  description: 'Kind of remedy offered to the customer.',
  valuesMap: values({
    REPAIR: 'Repair.',
    REPLACE: 'Replacement (替换).',
    REFUND: 'Money back.',
    VOUCHER: 'Voucher.',
    POINTS: 'Goodwill points on the loyalty ledger.',
    APOLOGY: 'An apology.',
    OTHER: 'Something else (补偿关照).',
  }),
});
registerEnumType(NoteVisibility, {
  name: 'NoteVisibility',
  description: 'INTERNAL notes stay with staff; PUBLIC ones are shown to the customer.',
  valuesMap: values({ INTERNAL: 'Staff only.', PUBLIC: 'Shown to the customer with the tracking code.' }),
});
registerEnumType(ProposalStatus, {
  name: 'ProposalStatus',
  description: "The customer's decision on a proposal.",
  valuesMap: values({
    PENDING: 'Not decided yet.',
    ACCEPTED: 'Accepted.',
    REJECTED: 'Rejected; negotiation continues.',
  }),
});
registerEnumType(RevisitStatus, {
  name: 'RevisitStatus',
  description: 'State of a revisit task.',
  valuesMap: values({
    PENDING: 'Not started.',
    IN_PROGRESS: 'Attempts under way.',
    COMPLETED: 'The customer was reached and answered.',
    UNREACHABLE: 'The customer could not be reached after the allowed attempts.',
    CANCELLED: 'No longer needed.',
  }),
});
registerEnumType(PromiseKind, {
  name: 'PromiseKind',
  description: 'What made the promise: acknowledging or escalating.',
  valuesMap: values({
    ACKNOWLEDGEMENT: 'Promised with the first reply.',
    ESCALATION: 'Agreed reply time of an escalation.',
  }),
});
