import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { requestContext, requestIdFrom } from './request-context';

/**
 * Runs each HTTP request and each RPC message inside a request context: HTTP takes
 * the id pino-http assigned, RPC takes the `requestId` its caller sent along.
 */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const requestId =
      context.getType() === 'rpc'
        ? requestIdFrom((context.switchToRpc().getData() as { requestId?: unknown } | undefined)?.requestId)
        : requestIdFrom(context.switchToHttp().getRequest<{ id?: unknown }>().id);
    // Subscribing inside run() is what makes the handler (invoked lazily on subscribe) see the context.
    return new Observable((subscriber) => requestContext.run({ requestId }, () => next.handle().subscribe(subscriber)));
  }
}
