import { badInput, Cursor, isUuid } from '@service-desk/core';

/** A staff member's evidence over a period, a page at a time. */
export interface EvidenceFilter {
  staffId: string;
  from?: Date | null;
  to?: Date | null;
  first: number;
  after?: string | null;
}

/** Keyset cursor on (instant, id), newest first. */
export function decodeAfter(after: string | null | undefined): [string | null, string | null] {
  if (!after) return [null, null];
  const [at, id] = Cursor.decode(after, 2);
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at)) || typeof id !== 'string' || !isUuid(id))
    throw badInput('Malformed cursor');
  return [at, id];
}
