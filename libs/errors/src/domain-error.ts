/**
 * How a failure should be understood by any transport. Each transport maps a kind
 * to its own status in exactly one place (HTTP: the exception filter).
 */
export type ErrorKind = 'invalid' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'unprocessable' | 'unavailable';

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
