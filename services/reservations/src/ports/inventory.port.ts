import { FailureReason } from '../domain/reservation';

export type ReserveOutcome = { reserved: true } | { reserved: false; reason: FailureReason; disponibles: number };

/** Port: the event's ticket inventory (events service); every call is idempotent by reserva_id. */
export abstract class InventoryGateway {
  /** `offer`: tickets held for a waiting-list offer (see WaitingListStore), not for a reservation yet. */
  abstract reserve(eventoId: string, reservaId: string, cantidad: number, offer?: boolean): Promise<ReserveOutcome>;
  abstract release(eventoId: string, reservaId: string): Promise<void>;
  /** Held → sold; false when the hold no longer exists. */
  abstract commit(eventoId: string, reservaId: string): Promise<boolean>;
  /** Holds older than `olderThanMs` that no saga sold or released yet (some, not all: ask again later). */
  abstract staleHolds(olderThanMs: number): Promise<{ eventoId: string; reservaId: string; cantidad: number }[]>;
}
