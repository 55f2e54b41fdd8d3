import { SagaPhase } from '../saga-engine/saga.types';
import { ReservationDocument, ReservationState } from './reservation';

/** Where a saga transition takes the reservation; undefined while its steps are still running. */
export function nextState(phase: SagaPhase, cancellation: boolean): ReservationState | undefined {
  switch (phase) {
    case 'running':
      return undefined;
    case 'compensating':
    case 'compensation_pending':
      return 'compensando';
    case 'completed':
      return 'confirmada';
    case 'compensated':
      return cancellation ? 'cancelada' : 'fallida';
  }
}

/** The saga run hands the reservation over (to nobody, or to the compensation queue) on these. */
export function releasesLease(phase: SagaPhase, next: ReservationState | undefined): boolean {
  return phase === 'compensation_pending' || next === 'confirmada' || next === 'fallida' || next === 'cancelada';
}

export type CancelVerdict = 'cancellable' | 'already_cancelling' | 'not_confirmed' | 'event_started';

/** A fan may cancel a confirmed reservation until its event starts; cancelling twice is the same cancellation. */
export function canCancel(reservation: Pick<ReservationDocument, 'estado' | 'cancelacion' | 'fecha_evento'>, now: Date): CancelVerdict {
  if (reservation.cancelacion === true) return 'already_cancelling';
  if (reservation.estado !== 'confirmada') return 'not_confirmed';
  if (reservation.fecha_evento.getTime() <= now.getTime()) return 'event_started';
  return 'cancellable';
}
