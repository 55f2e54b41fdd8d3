/** What is remembered for a key: the body's hash and, once known, the outcome. */
export interface IdempotencyRecord {
  bodyHash: string;
  /** Set once a reservation exists, even when the request ended before the saga did. */
  reservaId?: string;
  /** A final outcome to replay verbatim: the created reservation, or the rejection. */
  response?: { created: unknown } | { rejected: { code: string; message: string; kind: string; extra?: Record<string, unknown> } };
}

export type IdempotencyClaim = { kind: 'new' } | { kind: 'conflict' } | { kind: 'seen'; record: IdempotencyRecord };

/**
 * Port: Idempotency-Key records, one per (principal, key). `claim` decides atomically which
 * request is first; the body hash tells a true retry from a reused key.
 */
export abstract class IdempotencyRecords {
  abstract claim(principal: string, key: string, bodyHash: string): Promise<IdempotencyClaim>;
  abstract save(principal: string, key: string, record: IdempotencyRecord): Promise<void>;
  /** Forgets a key whose request created nothing (so the client may simply retry it). */
  abstract forget(principal: string, key: string): Promise<void>;
}
