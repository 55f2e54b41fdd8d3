import { Injectable } from '@nestjs/common';
import { assertFanOrAdmin, Principal } from '@eventflow/auth';
import { ReservationRepository } from '../database/reservation.repository';
import { canCancel } from '../domain/reservation-state';
import { ReservationErrors } from '../domain/reservations.errors';
import { ReservationMetrics } from '../metrics/reservation.metrics';
import { ActiveSagaIndex } from '../saga/active-saga.index';
import { ReservationSagaRunner } from '../saga/reservation-saga.runner';
import { SagaClaims } from '../saga/saga-claims';
import { detailView, ReservationDetailView } from './reservation.view';

/**
 * DELETE /api/reservar/:id — before the event date, undoes a confirmed reservation through
 * the saga's own compensations (remove from history, refund, release tickets, give the
 * purchase limit back). Idempotent: cancelling again answers the cancelled reservation.
 */
@Injectable()
export class CancelReservationUseCase {
  constructor(
    private readonly repository: ReservationRepository,
    private readonly runner: ReservationSagaRunner,
    private readonly claims: SagaClaims,
    private readonly metrics: ReservationMetrics,
    private readonly activeSagas: ActiveSagaIndex,
  ) {}

  async execute(principal: Principal, reservaId: string): Promise<ReservationDetailView> {
    const reservation = await this.repository.findById(reservaId);
    if (!reservation) throw ReservationErrors.notFound();
    assertFanOrAdmin(principal, reservation.usuario_id);
    switch (canCancel(reservation, new Date())) {
      case 'already_cancelling':
        return detailView(reservation);
      case 'not_confirmed':
        throw ReservationErrors.notCancellable(reservaId, reservation.estado);
      case 'event_started':
        throw ReservationErrors.eventStarted(reservaId, reservation.estado);
      case 'cancellable':
        break;
    }
    const lease = this.runner.newLease();
    // Another request is cancelling it right now: answer what the store shows.
    if (!(await this.claims.lock(reservation._id, lease))) return detailView((await this.repository.findById(reservaId)) ?? reservation);
    try {
      const claimed = await this.repository.beginCancellation(reservaId, lease);
      if (!claimed) return detailView((await this.repository.findById(reservaId)) ?? reservation);
      this.metrics.increment('cancellations');
      await this.activeSagas.track(reservaId, claimed.lease_until);
      const outcome = await this.runner.compensate(claimed, lease);
      if (outcome.estado === 'cancelada') await this.activeSagas.forget(reservaId);
      const after = await this.repository.findById(reservaId);
      return detailView(after ?? claimed);
    } finally {
      await this.claims.release(reservation._id, lease);
    }
  }
}
