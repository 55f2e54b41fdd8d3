import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export interface RequestContext {
  requestId: string;
}

/** Carries the request id through async work so logs and outgoing RPC calls can name it. */
export const requestContext = new AsyncLocalStorage<RequestContext>();

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Accepts a caller's id when it is safe to log, otherwise mints one. */
export function requestIdFrom(candidate: unknown): string {
  return typeof candidate === 'string' && REQUEST_ID.test(candidate) ? candidate : randomUUID();
}

const ROUTE = Symbol('eventflow.route');

/**
 * Access logs name the route's pattern (`/api/users/:usuario_id`), never the URL: its path and
 * query hold the ids of the people a request is about.
 */
export function rememberRoute(rawRequest: object, pattern: string | undefined): void {
  (rawRequest as Record<symbol, unknown>)[ROUTE] = pattern;
}

/** The pattern of the route that served a request; unmatched URLs are not written down at all. */
export function routeOf(rawRequest: unknown): string {
  const pattern = typeof rawRequest === 'object' && rawRequest !== null ? (rawRequest as Record<symbol, unknown>)[ROUTE] : undefined;
  return typeof pattern === 'string' ? pattern : '(no route)';
}
