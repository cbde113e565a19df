import { v7, validate, version } from 'uuid';
import { DomainError, ErrorCode } from './errors.js';

/** Time-ordered ids (UUIDv7): index-friendly and sortable by creation. */
export const newId = (): string => v7();

export const isUuid = (value: string): boolean => validate(value);

export const isUuidV7 = (value: string): boolean => validate(value) && version(value) === 7;

/** Checks an id argument; a malformed one is the caller's mistake (BAD_USER_INPUT), not a lookup miss. */
export function requireId(value: string, what = 'id'): string {
  if (!validate(value)) throw new DomainError(ErrorCode.BAD_USER_INPUT, `${what} is not a valid id`);
  return value.toLowerCase();
}
