import { Injectable, Logger } from '@nestjs/common';
import { ReservationRepository } from '../database/reservation.repository';
import { ReservationErrors } from '../domain/reservations.errors';
import { ReservationMetrics } from '../metrics/reservation.metrics';
import { CompensationQueue } from '../recovery/compensation.queue';
import { SagaClaims } from '../saga/saga-claims';
import { ReservationSagaRunner } from '../saga/reservation-saga.runner';
import { detailView, ReservationDetailView } from './reservation.view';

/**
 * POST /api/reservar/:id/compensar (admin, M2): a reservation whose compensation exhausted its
 * retries (`requiere_intervencion`) goes back to `compensando` with a fresh set of attempts, once
 * the operator fixed what kept failing. Re-driving one that is already compensating is a no-op.
 */
@Injectable()
export class RedriveCompensationUseCase {
  private readonly logger = new Logger(RedriveCompensationUseCase.name);

  constructor(
    private readonly repository: ReservationRepository,
    private readonly compensations: CompensationQueue,
    private readonly claims: SagaClaims,
    private readonly runner: ReservationSagaRunner,
    private readonly metrics: ReservationMetrics,
  ) {}

  async execute(reservaId: string): Promise<ReservationDetailView> {
    const reservation = await this.repository.findById(reservaId);
    if (!reservation) throw ReservationErrors.notFound();
    if (reservation.estado === 'compensando') return detailView(reservation);
    if (reservation.estado !== 'requiere_intervencion') throw ReservationErrors.notAwaitingIntervention(reservaId, reservation.estado);
    const lease = this.runner.newLease();
    if (!(await this.claims.lock(reservation._id, lease))) return detailView(reservation);
    try {
      if (await this.repository.resumeCompensation(reservaId)) {
        await this.compensations.redrive(reservaId);
        this.metrics.increment('compensations_redriven');
        this.logger.log({ reserva_id: reservaId }, 'compensation re-driven by an operator');
      }
    } finally {
      await this.claims.release(reservation._id, lease);
    }
    return detailView((await this.repository.findById(reservaId)) ?? reservation);
  }
}
