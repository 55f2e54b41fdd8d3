import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { Observable } from 'rxjs';
import { tracer } from './spans';

/**
 * Where the signature guard leaves the traceparent an opened RPC envelope carried: a symbol, so
 * the handlers' validation (which refuses unknown fields) never sees it.
 */
export const RPC_TRACEPARENT = Symbol.for('eventflow.rpc.traceparent');

/**
 * Runs each RPC handler in a server span, child of the caller's span when its message carried
 * a traceparent: one trace across the services, although Nest's TCP transport carries no headers.
 */
@Injectable()
export class RpcTraceInterceptor implements NestInterceptor {
  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (execution.getType() !== 'rpc') return next.handle();
    const data = execution.switchToRpc().getData() as Record<symbol, unknown> | undefined;
    const traceparent = data?.[RPC_TRACEPARENT];
    const patterns = (Reflect.getMetadata(PATTERN_METADATA, execution.getHandler()) as unknown[] | undefined) ?? [];
    const pattern = patterns.find((candidate) => typeof candidate === 'string') ?? execution.getHandler().name;
    return new Observable((subscriber) => {
      const parent = typeof traceparent === 'string' ? propagation.extract(ROOT_CONTEXT, { traceparent }) : context.active();
      const span = tracer.startSpan(
        `rpc ${String(pattern)}`,
        { kind: SpanKind.SERVER, attributes: { 'rpc.method': String(pattern) } },
        parent,
      );
      const subscription = context.with(trace.setSpan(parent, span), () =>
        next.handle().subscribe({
          next: (value) => subscriber.next(value),
          error: (error: unknown) => {
            span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : 'error' });
            span.end();
            subscriber.error(error);
          },
          complete: () => {
            span.end();
            subscriber.complete();
          },
        }),
      );
      return () => subscription.unsubscribe();
    });
  }
}
