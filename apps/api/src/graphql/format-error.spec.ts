import { describe, expect, it } from '@jest/globals';
import { BadRequestException, ForbiddenException } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { DomainError, ErrorCode } from '@service-desk/core';
import { formatError } from './format-error.js';

const wrap = (original: unknown, path: string[] = ['op']) =>
  new GraphQLError(original instanceof Error ? original.message : 'x', {
    path,
    originalError: original as Error,
  });

describe('error formatting', () => {
  it('passes domain error codes through', () => {
    const error = new DomainError(ErrorCode.COMPENSATION_LIMIT_EXCEEDED, 'Above your authority', {
      limit: 200,
    });
    expect(formatError({ message: error.message, path: ['op'] }, wrap(error)).extensions).toEqual({
      code: 'COMPENSATION_LIMIT_EXCEEDED',
      limit: 200,
    });
  });

  it('maps framework HTTP exceptions to API codes', () => {
    expect(formatError({ message: 'x' }, wrap(new BadRequestException(['a', 'b']))).extensions?.code).toBe(
      'BAD_USER_INPUT',
    );
    expect(formatError({ message: 'x' }, wrap(new ForbiddenException())).extensions?.code).toBe('FORBIDDEN');
  });

  it('turns parse and validation failures into BAD_USER_INPUT', () => {
    const formatted = formatError(
      { message: 'Syntax Error', extensions: { code: 'GRAPHQL_PARSE_FAILED' } },
      new GraphQLError('Syntax Error'),
    );
    expect(formatted.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('hides unexpected errors behind INTERNAL with an errorId and no detail', () => {
    const secret = new Error('relation "customers" does not exist at /srv/app.js:10');
    const formatted = formatError(
      { message: secret.message, path: ['op'], extensions: { stacktrace: ['at x'] } },
      wrap(secret),
    );
    expect(formatted.message).toBe('Internal error');
    expect(formatted.extensions?.code).toBe('INTERNAL');
    expect(formatted.extensions?.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(formatted)).not.toContain('customers');
    expect(formatted.extensions).not.toHaveProperty('stacktrace');
  });
});
