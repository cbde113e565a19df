import { createHash, randomBytes } from 'node:crypto';

/** A new one-time survey token: 32 random bytes, base64url (43 characters). */
export const newSurveyToken = (): string => randomBytes(32).toString('base64url');

/** What the database keeps of a token: its SHA-256, hex. The raw token is never stored. */
export const hashSurveyToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Path of the public survey page for a token (the console serves it under the public site address). */
export const surveyPath = (token: string): string => `/survey/${token}`;
