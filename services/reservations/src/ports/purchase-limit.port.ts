export interface LimitHold {
  usuarioId: string;
  eventoId: string;
  reservaId: string;
  cantidad: number;
  max: number;
  /** The counter may be forgotten after this (the event is long over). */
  expiresAt: Date;
  /**
   * The event's inventory showed no ticket held or sold when it was read for this request.
   * Counters are only ever created after their event's marker, so a missing marker then means a
   * new event with nothing to rebuild, not lost counters: the store skips the rebuild's scan.
   */
  nothingSold?: boolean;
}

export interface LimitHoldResult {
  held: boolean;
  /** Tickets the fan holds for the event after this call (pending and confirmed). */
  total: number;
}

/**
 * Port: per-fan, per-event ticket counter. Holding is an atomic check-and-add keyed by
 * reserva_id (a retried hold never counts twice); releasing an unknown hold is a no-op.
 */
export abstract class PurchaseLimitStore {
  abstract hold(request: LimitHold): Promise<LimitHoldResult>;
  abstract release(usuarioId: string, eventoId: string, reservaId: string): Promise<void>;
}

/** Where lost counters are rebuilt from: the event's reservations that still hold tickets. */
export abstract class HeldTicketsSource {
  abstract heldTicketsForEvent(eventoId: string): Promise<{ usuarioId: string; reservaId: string; cantidad: number }[]>;
}
