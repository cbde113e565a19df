import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { RequestContext } from '@service-desk/core';
import { Observable } from 'rxjs';
import { apiRequest } from './auth.guard.js';

/** Runs each operation inside the request context (request id and actor) read by services and logs. */
@Injectable()
export class ActorContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = apiRequest(context);
    return new Observable((subscriber) =>
      RequestContext.run(
        { requestId: request.requestId ?? 'unknown', actor: request.actor ?? undefined },
        () => next.handle().subscribe(subscriber),
      ),
    );
  }
}
