import { Injectable } from '@nestjs/common';
import { assertFanOrAdmin, Principal } from '@eventflow/auth';
import { DomainError } from '@eventflow/errors';
import { ReservationMetrics } from '../metrics/reservation.metrics';
import { ActiveSagaIndex } from '../saga/active-saga.index';
import { ReservationSagaRunner } from '../saga/reservation-saga.runner';
import { ReservationDocument } from '../domain/reservation';
import { ReservationRepository } from '../database/reservation.repository';
import { SagaClaims } from '../saga/saga-claims';
import { detailView } from './reservation.view';

type ReservationDetail = ReturnType<typeof detailView>;

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

  async execute(principal: Principal, reservaId: string): Promise<ReservationDetail> {
    const reservation = await this.repository.findById(reservaId);
    if (!reservation) throw new DomainError('RESERVATION.NOT_FOUND', 'No reservation has this id', 'not_found');
    assertFanOrAdmin(principal, reservation.usuario_id);
    if (this.alreadyCancelling(reservation)) return detailView(reservation);
    if (reservation.estado !== 'confirmada') {
      throw new DomainError('RESERVATION.NOT_CANCELLABLE', `A ${reservation.estado} reservation cannot be cancelled`, 'conflict', {
        reserva_id: reservaId,
        estado: reservation.estado,
      });
    }
    if (reservation.fecha_evento.getTime() <= Date.now()) {
      throw new DomainError(
        'RESERVATION.EVENT_STARTED',
        'The event has already taken place: the reservation can no longer be cancelled',
        'conflict',
        {
          reserva_id: reservaId,
          estado: reservation.estado,
        },
      );
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

  private alreadyCancelling(reservation: ReservationDocument): boolean {
    return reservation.cancelacion === true;
  }
}
