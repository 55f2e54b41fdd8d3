import { DomainError } from '@eventflow/errors';
import { REJECTIONS } from '../domain/rejection';
import { ReservationDocument } from '../domain/reservation';
import { ReservationErrors } from '../domain/reservations.errors';
import { CreatedReservationView, createdView } from './reservation.view';

/** A keyed retry's answer, from what its reservation is now. */
export type ReplayedOutcome =
  | { kind: 'answer'; view: CreatedReservationView }
  | { kind: 'refuse'; error: DomainError }
  /** The attempt failed for want of a dependency and left nothing behind: the key may try again. */
  | { kind: 'try_again' };

export function replayedOutcomeOf(reservation: ReservationDocument): ReplayedOutcome {
  const reservaId = reservation._id.toHexString();
  switch (reservation.estado) {
    case 'confirmada':
    case 'cancelando':
    case 'cancelada':
      // The purchase happened; a later cancellation shows in the state.
      return { kind: 'answer', view: createdView(reservation, reservation.estado) };
    case 'fallida':
      if (!reservation.motivo || REJECTIONS[reservation.motivo].kind === 'unavailable') return { kind: 'try_again' };
      return { kind: 'refuse', error: ReservationErrors.rejected(reservation.motivo, 'The reservation failed', { reserva_id: reservaId }) };
    case 'pendiente':
      return { kind: 'refuse', error: ReservationErrors.idempotencyInProgress({ reserva_id: reservaId, estado: 'pendiente' }) };
    case 'compensando':
      return { kind: 'refuse', error: ReservationErrors.stillCompensating(reservaId) };
    case 'requiere_intervencion':
      return { kind: 'refuse', error: ReservationErrors.requiresIntervention(reservaId, reservation.motivo) };
  }
}
