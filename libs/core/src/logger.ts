import { pino, type Logger } from 'pino';
import { config } from './config.js';
import { RequestContext } from './request-context.js';

let root: Logger | undefined;

/**
 * JSON logs with the request id and tenant id of the current context. Log objects carry ids and
 * codes only, never customer PII; phone/email/password fields are redacted as a safety net.
 */
export function logger(): Logger {
  root ??= pino({
    level: config().LOG_LEVEL,
    base: { service: process.title },
    redact: {
      paths: [
        '*.password',
        '*.phone',
        '*.email',
        '*.token',
        '*.refreshToken',
        '*.accessToken',
        'req.headers.authorization',
      ],
      censor: '[redacted]',
    },
    mixin() {
      const actor = RequestContext.actorOrNull();
      return { requestId: RequestContext.requestId(), tenantId: actor?.tenantId };
    },
  });
  return root;
}
