import { config } from '@service-desk/core';
import { APP_ROLE } from './rls.js';

/** The owner connection: runs migrations, owns the tables. Required outside the launcher. */
export function ownerUrl(): string {
  const url = config().DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (npm start and npm test start an embedded PostgreSQL)');
  return url;
}

/** The application connection: the unprivileged role, subject to Row-Level Security. */
export function appUrl(): string {
  const { DATABASE_APP_URL, DATABASE_APP_PASSWORD } = config();
  if (DATABASE_APP_URL) return DATABASE_APP_URL;
  const url = new URL(ownerUrl());
  url.username = APP_ROLE;
  url.password = DATABASE_APP_PASSWORD;
  return url.toString();
}
