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
