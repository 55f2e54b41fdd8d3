import { RefundProgress } from '../ports/cancelled-events.port';
import { ACTIVE_STATES, ReservationDocument, ReservationState } from '../domain/reservation';

/** States a cancelled event's refunds must still wait for (a pending saga may yet confirm, then be refunded). */
const OUTSTANDING: ReservationState[] = ['confirmada', 'requiere_intervencion', ...ACTIVE_STATES];

/** How far a cancelled event's refunds got, from the states of all its reservations. */
export function refundProgressOf(reservations: Pick<ReservationDocument, 'estado' | 'motivo'>[]): RefundProgress {
  const refunded = reservations.filter((r) => r.estado === 'cancelada' && r.motivo === 'evento_cancelado').length;
  const outstanding = reservations.filter((r) => OUTSTANDING.includes(r.estado)).length;
  return { refunded, outstanding, complete: outstanding === 0 };
}
