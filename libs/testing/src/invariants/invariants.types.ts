/** What the invariant checker reports: one entry per broken promise, with the ids that show it. */
export type InvariantKind =
  /** aforo_total = disponibles + retenidas + vendidas, in MongoDB and Redis alike. */
  | 'capacity'
  /** Redis holds exactly what the ledger says: each reservation's tickets and the event's totals. */
  | 'redis-ledger'
  /** Every ticket the ledger holds or sold belongs to a reservation that may hold or sold it. */
  | 'ledger-reservation'
  /** A confirmed reservation has its tickets sold once, one charge and one history entry. */
  | 'confirmed'
  /** A failed or cancelled reservation has no tickets, no net charge and no history entry. */
  | 'undone'
  /** Nothing is still active (or waits for an operator) past the recovery bound. */
  | 'not-final'
  /** No fan holds more than the purchase limit for one event. */
  | 'purchase-limit'
  /** One Idempotency-Key never made more than one reservation that counts. */
  | 'idempotency';

export const INVARIANT_KINDS: readonly InvariantKind[] = [
  'capacity',
  'redis-ledger',
  'ledger-reservation',
  'confirmed',
  'undone',
  'not-final',
  'purchase-limit',
  'idempotency',
];

export interface Violation {
  kind: InvariantKind;
  message: string;
  /** The ids involved: evento_id, reserva_id, usuario_id, idempotency_key (its hash). */
  ids: Record<string, string>;
}

export interface InvariantOptions {
  mongoUrl: string;
  /** An ioredis client (left open) or a redis:// URL (opened and closed here). */
  redis: import('ioredis').default | string;
  /** Database names, as the services' MONGO_DB defaults. */
  databases?: { users?: string; events?: string; reservations?: string };
  /** MAX_TICKETS_PER_USER of the reservations service (default 10). */
  maxTicketsPerUser?: number;
  /**
   * How long a reservation may stay active before it counts as stranded: the documented bound,
   * 2 × SAGA_LEASE_MS + RECOVERY_INTERVAL_MS (default 70 s: the lease runs out, a recovery pass
   * takes the saga, and its remaining steps fit in one lease).
   */
  settleBoundMs?: number;
  /**
   * Whether the simulated provider's charge records in Redis can be trusted. After Redis lost
   * data (a flush, a restore from an older snapshot) they may be gone or older than the truth, so
   * charges are then judged by the saga log in MongoDB alone (see docs/reservations.md, known limitations).
   */
  chargeRecords?: 'trusted' | 'lost-with-redis';
  /** The clock the settle bound is measured against (default: now). */
  now?: Date;
}
