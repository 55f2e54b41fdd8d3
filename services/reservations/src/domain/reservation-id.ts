import { createHash } from 'node:crypto';

/** The hash an Idempotency-Key is known by: scoped to who sent it, never stored in clear. */
export function idempotencyKeyHash(principal: string, key: string): string {
  return createHash('sha256').update(`${principal}\u0000${key}`).digest('base64url');
}

/**
 * The reservation id a keyed request creates, derived from its key: every retry of the key
 * (whatever Redis remembers) reaches the same reservation, so it can never create a second one.
 * A key gets a new attempt (the next id) only when the previous one failed for want of a
 * dependency (nothing sold, nothing charged).
 */
export function reservationIdFor(keyHash: string, attempt: number): string {
  return createHash('sha256').update(`${keyHash}\u0000${attempt}`).digest('hex').slice(0, 24);
}
