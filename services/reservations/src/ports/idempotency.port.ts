/**
 * What Redis remembers for an Idempotency-Key: while a request runs, a short claim (its lease);
 * once it ended with a final answer, that answer. A key's durable binding is the reservation id
 * derived from it (see reservationIdFor): this record only makes retries cheap and concurrent
 * duplicates visible.
 */
export interface IdempotencyRecord {
  bodyHash: string;
  /** The reservation this key is bound to, once known. */
  reservaId?: string;
  /** The final answer, when the request ended with one (never a 503). */
  response?: { created: unknown } | { rejected: { code: string; message: string; kind: string; extra?: Record<string, unknown> } };
}

export type IdempotencyClaim = { kind: 'new' } | { kind: 'seen'; record: IdempotencyRecord };

/** Port: Idempotency-Key records, one per (principal, key) hash. */
export abstract class IdempotencyRecords {
  /** Atomically claims the key for a request running for at most `leaseMs` unless renewed; or shows the record already there. */
  abstract claim(keyHash: string, record: IdempotencyRecord, leaseMs: number): Promise<IdempotencyClaim>;
  /** Extends a running claim (a slow request is still alive). */
  abstract renew(keyHash: string, leaseMs: number): Promise<void>;
  /** Replaces the claim while the request still runs (its reservation id is now known). */
  abstract bind(keyHash: string, record: IdempotencyRecord, leaseMs: number): Promise<void>;
  /** Stores the final answer for the key's retention period. */
  abstract finish(keyHash: string, record: IdempotencyRecord): Promise<void>;
  /** Drops the record: the next retry looks the key up again (after a 503, or a replayed state that may still change). */
  abstract forget(keyHash: string): Promise<void>;
}
