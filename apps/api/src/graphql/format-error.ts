import { HttpException, HttpStatus } from '@nestjs/common';
import type { GraphQLFormattedError } from 'graphql';
import { DomainError, ErrorCode, logger, newId } from '@service-desk/core';

const GRAPHQL_INPUT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
]);
const CODES = new Set<string>(Object.values(ErrorCode));

const HTTP_CODES: Partial<Record<number, ErrorCode>> = {
  [HttpStatus.BAD_REQUEST]: ErrorCode.BAD_USER_INPUT,
  [HttpStatus.UNAUTHORIZED]: ErrorCode.UNAUTHENTICATED,
  [HttpStatus.FORBIDDEN]: ErrorCode.FORBIDDEN,
  [HttpStatus.NOT_FOUND]: ErrorCode.NOT_FOUND,
  [HttpStatus.CONFLICT]: ErrorCode.CONFLICT,
  [HttpStatus.PAYLOAD_TOO_LARGE]: ErrorCode.BAD_USER_INPUT,
  [HttpStatus.TOO_MANY_REQUESTS]: ErrorCode.RATE_LIMITED,
};

/**
 * Maps every error, once, to a code of DESIGN section 8. Anything unexpected becomes INTERNAL with an
 * errorId that is also logged; its message and stack never reach the client.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = (error as { originalError?: unknown })?.originalError ?? error;
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

  if (original instanceof DomainError) {
    return {
      ...base,
      message: original.message,
      extensions: { code: original.code, ...(original.details ?? {}) },
    };
  }
  if (original instanceof HttpException) {
    const code = HTTP_CODES[original.getStatus()];
    if (code) return { ...base, message: httpMessage(original), extensions: { code } };
  }
  const code = String(formatted.extensions?.code ?? '');
  if (GRAPHQL_INPUT_CODES.has(code)) return { ...base, extensions: { code: ErrorCode.BAD_USER_INPUT } };
  if (CODES.has(code) && code !== ErrorCode.INTERNAL) return { ...base, extensions: { code } };
  // GraphQL coercion errors (a wrong scalar in a literal) surface without originalError or code.
  if (!(error as { originalError?: unknown })?.originalError && !formatted.path) {
    return { ...base, extensions: { code: ErrorCode.BAD_USER_INPUT } };
  }

  const errorId = newId();
  logger().error({ errorId, err: original }, 'internal error');
  return {
    message: 'Internal error',
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL, errorId },
  };
}

function httpMessage(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'object' && response !== null && 'message' in response) {
    const message = (response as { message: unknown }).message;
    return Array.isArray(message) ? message.join('; ') : String(message);
  }
  return error.message;
}
