/** How far a cancelled event's refunds got. */
export interface RefundProgress {
  /** Reservations cancelled and refunded because the event was cancelled. */
  refunded: number;
  /** Reservations still holding tickets or still being driven: confirmed, pending, compensating, waiting for an operator. */
  outstanding: number;
  complete: boolean;
}

/** Port: the events service's cancelled events whose reservations are still being refunded. */
export abstract class CancelledEvents {
  /** Ids of the cancelled events whose refunds are not complete yet. */
  abstract refunding(): Promise<string[]>;
  /** Records how far an event's refunds got; once complete, the event is no longer listed. */
  abstract reportProgress(eventoId: string, progress: RefundProgress): Promise<void>;
}
