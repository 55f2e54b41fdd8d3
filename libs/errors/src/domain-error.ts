/**
 * How a failure should be understood by any transport. Each transport maps a kind
 * to its own status in exactly one place (HTTP: the exception filter).
 */
export type ErrorKind =
  'invalid' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'unprocessable' | 'rate_limited' | 'unavailable';

/**
 * An expected business outcome ("sold out", "duplicate email") with a stable code.
 * `extra` fields are merged into the public error body (for example `reserva_id`).
 */
export class DomainError extends Error {
  override readonly name: string = 'DomainError';

  constructor(
    readonly code: string,
    message: string,
    readonly kind: ErrorKind,
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** Too many attempts from one client (HTTP 429): it may try again after `retryAfterSeconds`. */
export class RateLimitedError extends DomainError {
  override readonly name = 'RateLimitedError';

  constructor(
    code: string,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(code, message, 'rate_limited');
  }
}

/**
 * A dependency (store or another service) could not answer. Callers should retry later:
 * HTTP maps it to 503 with Retry-After.
 */
export class DependencyUnavailableError extends Error {
  override readonly name = 'DependencyUnavailableError';

  constructor(
    readonly dependency: string,
    message = `${dependency} is unavailable`,
    readonly retryAfterSeconds = 5,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
