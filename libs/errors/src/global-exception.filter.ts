import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Observable, throwError } from 'rxjs';
import { DependencyUnavailableError, DomainError, ErrorKind, RateLimitedError } from './domain-error';
import { errorBody, ErrorBody } from './error-body';
import { storeUnavailableName } from './infrastructure-errors';

const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
};

interface Mapped {
  body: ErrorBody;
  retryAfterSeconds?: number;
}

const KIND_BY_STATUS: Record<number, ErrorKind> = Object.fromEntries(
  Object.entries(STATUS_BY_KIND).map(([kind, status]) => [status, kind as ErrorKind]),
);

/**
 * The single place where failures become responses. Over HTTP every error leaves as
 * `{statusCode, error, message}`; over RPC as `{status: 'error', kind, code, message}`.
 * Stack traces and internals stay in the logs.
 */
@Catch()
export class GlobalExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('GlobalExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void | Observable<never> {
    if (host.getType() === 'rpc') return this.toRpc(exception);
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { body, retryAfterSeconds } = this.map(exception);
    if (body.statusCode >= 500 && body.statusCode !== 503) {
      this.logger.error({ err: exception }, 'unhandled error');
    }
    if (retryAfterSeconds !== undefined) void reply.header('Retry-After', String(retryAfterSeconds));
    // The rest of a body that never came would be read as the next request: end the connection.
    if (body.statusCode === 408) void reply.header('connection', 'close');
    void reply.status(body.statusCode).send(body);
  }

  private toRpc(exception: unknown): Observable<never> {
    const { body } = this.map(exception);
    if (body.statusCode >= 500 && body.statusCode !== 503) this.logger.error({ err: exception }, 'unhandled RPC error');
    const kind = KIND_BY_STATUS[body.statusCode] ?? (body.statusCode < 500 ? 'invalid' : 'internal');
    const code = typeof body.code === 'string' ? body.code : `RPC.${kind.toUpperCase()}`;
    return throwError(() => ({ status: 'error', kind, code, message: body.message }));
  }

  map(exception: unknown): Mapped {
    if (exception instanceof DomainError) {
      const status = STATUS_BY_KIND[exception.kind];
      return {
        body: errorBody(status, exception.message, { code: exception.code, ...exception.extra }),
        retryAfterSeconds: exception instanceof RateLimitedError ? exception.retryAfterSeconds : status === 503 ? 5 : undefined,
      };
    }
    if (exception instanceof DependencyUnavailableError) {
      return { body: errorBody(503, exception.message), retryAfterSeconds: exception.retryAfterSeconds };
    }
    if (exception instanceof HttpException) {
      return { body: fromHttpException(exception) };
    }
    const store = storeUnavailableName(exception);
    if (store) {
      return { body: errorBody(503, `${store} is unavailable; try again shortly`), retryAfterSeconds: 5 };
    }
    const clientError = fastifyClientError(exception);
    if (clientError) return { body: clientError };
    return { body: errorBody(500, 'Internal server error') };
  }
}

function fromHttpException(exception: HttpException): ErrorBody {
  const status = exception.getStatus();
  const response = exception.getResponse();
  if (typeof response === 'string') return errorBody(status, response);
  const { message, details, error: _error, statusCode: _status, ...extra } = response as Record<string, unknown>;
  const text = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : exception.message;
  return errorBody(status, text, details === undefined ? extra : { ...extra, details });
}

/** Fastify reports malformed JSON, wrong content types and oversized bodies as errors carrying a 4xx statusCode. */
function fastifyClientError(exception: unknown): ErrorBody | undefined {
  if (!(exception instanceof Error)) return undefined;
  const { statusCode, code } = exception as Error & { statusCode?: number; code?: string };
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500) return undefined;
  const messages: Record<string, string> = {
    FST_ERR_CTP_INVALID_JSON_BODY: 'Malformed JSON body',
    FST_ERR_CTP_EMPTY_JSON_BODY: 'Empty JSON body',
    FST_ERR_CTP_BODY_TOO_LARGE: 'Request body is too large',
    FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Unsupported media type; send application/json',
    FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Content-Length does not match the body',
    FST_ERR_CTP_INVALID_CONTENT_TYPE: 'Unsupported media type; send application/json',
  };
  const message = (code && messages[code]) ?? (exception instanceof SyntaxError ? 'Malformed JSON body' : 'Bad request');
  return errorBody(statusCode, message);
}
