/** How a message reaches the customer. */
export enum MessageChannel {
  EMAIL = 'EMAIL',
  SMS = 'SMS',
}

/** What the message says; the producer fills ACKNOWLEDGEMENT and RESOLUTION from complaint events. */
export enum MessageTemplate {
  ACKNOWLEDGEMENT = 'ACKNOWLEDGEMENT',
  RESOLUTION = 'RESOLUTION',
  SURVEY_INVITATION = 'SURVEY_INVITATION',
  REVISIT = 'REVISIT',
  CUSTOM = 'CUSTOM',
}

/** PENDING → SENT | FAILED | SKIPPED. */
export enum MessageStatus {
  PENDING = 'PENDING',
  SENT = 'SENT',
  FAILED = 'FAILED',
  SKIPPED = 'SKIPPED',
}

/** Why a message was recorded but never sent. */
export enum SkipReason {
  NO_CONSENT = 'NO_CONSENT',
  NO_ADDRESS = 'NO_ADDRESS',
  DISABLED = 'DISABLED',
}

/** Templates that answer the customer's own complaint (as opposed to surveys and campaigns). */
export const COMPLAINT_REPLY_TEMPLATES: readonly MessageTemplate[] = [
  MessageTemplate.ACKNOWLEDGEMENT,
  MessageTemplate.RESOLUTION,
];
