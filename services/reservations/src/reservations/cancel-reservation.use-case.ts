import { Injectable } from '@nestjs/common';
import { mongo } from 'mongoose';
import { assertFanOrAdmin, Principal } from '@eventflow/auth';
import { ReservationRepository } from '../database/reservation.repository';
import { LeaseLostError } from '../domain/lease';
import { FailureReason, ReservationDocument } from '../domain/reservation';
import { canCancel } from '../domain/reservation-state';
import { ReservationErrors } from '../domain/reservations.errors';
import { ReservationMetrics } from '../metrics/reservation.metrics';
import { EventCatalog } from '../ports/event-catalog.port';
import { ActiveSagaIndex } from '../saga/active-saga.index';
import { ReservationSagaRunner } from '../saga/reservation-saga.runner';
import { SagaClaims } from '../saga/saga-claims';
import { detailView, ReservationDetailView } from './reservation.view';

/**
 * DELETE /api/reservar/:id — before the event's current date, undoes a confirmed reservation through
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
    private readonly events: EventCatalog,
  ) {}

  /** The reservation as it stands; `done` once it is `cancelada` (else the cancellation finishes in the background: 202). */
  async execute(principal: Principal, reservaId: string): Promise<CancellationAnswer> {
    const reservation = await this.repository.findById(reservaId);
    if (!reservation) throw ReservationErrors.notFound();
    assertFanOrAdmin(principal, reservation.usuario_id);
    switch (canCancel({ ...reservation, fecha_evento: await this.eventDateOf(reservation) }, new Date())) {
      case 'already_cancelling':
        return answerOf(reservation);
      case 'not_confirmed':
        throw ReservationErrors.notCancellable(reservaId, reservation.estado);
      case 'event_started':
        throw ReservationErrors.eventStarted(reservaId, reservation.estado);
      case 'cancellable':
        break;
    }
    // Another request is cancelling it right now (L5): answer once the store shows the cancellation, never a stale state.
    return (await this.cancel(reservaId)) ?? this.cancellationSeenBy(reservaId);
  }

  /**
   * Its event was cancelled: the same compensations, whatever the date, ending `cancelada` with
   * `motivo: "evento_cancelado"`. Undefined when another run is cancelling it right now.
   */
  async cancelBecauseEventCancelled(reservaId: string): Promise<CancellationAnswer | undefined> {
    return this.cancel(reservaId, 'evento_cancelado');
  }

  /** Claims the confirmed reservation and undoes it; undefined when another run has it. */
  private async cancel(reservaId: string, motivo?: FailureReason): Promise<CancellationAnswer | undefined> {
    const id = new mongo.ObjectId(reservaId);
    const lease = this.runner.newLease();
    if (!(await this.claims.lock(id, lease))) return undefined;
    try {
      const claimed = await this.repository.beginCancellation(reservaId, lease, motivo);
      if (!claimed) return undefined;
      this.metrics.increment('cancellations');
      await this.activeSagas.track(reservaId, claimed.lease_until);
      try {
        const outcome = await this.runner.compensate(claimed, lease);
        if (outcome.estado === 'cancelada') await this.activeSagas.forget(reservaId);
      } catch (error) {
        // The run lost its lease (L5): recovery finishes the cancellation the journal already shows.
        if (!(error instanceof LeaseLostError)) throw error;
      }
      return answerOf((await this.repository.findById(reservaId)) ?? claimed);
    } finally {
      await this.claims.release(id, lease);
    }
  }

  /**
   * The event's date as it is now (an organizer may have moved it since the reservation was
   * made); the stored one only for an event that no longer exists. An events service that cannot
   * answer fails the cancellation (503): the deadline is not guessed.
   */
  private async eventDateOf(reservation: ReservationDocument): Promise<Date> {
    const event = await this.events.get(reservation.evento_id);
    return event ? new Date(event.fecha) : reservation.fecha_evento;
  }

  private async cancellationSeenBy(reservaId: string): Promise<CancellationAnswer> {
    let current: ReservationDocument | null = null;
    await waitFor(async () => {
      current = await this.repository.findById(reservaId);
      return current?.cancelacion === true;
    }, SEEN_WITHIN_MS);
    const seen = current as ReservationDocument | null;
    if (seen?.cancelacion !== true) throw ReservationErrors.cancellationBusy(reservaId);
    return answerOf(seen);
  }
}

export interface CancellationAnswer {
  view: ReservationDetailView;
  done: boolean;
}

const SEEN_WITHIN_MS = 2_000;

function answerOf(reservation: ReservationDocument): CancellationAnswer {
  return { view: detailView(reservation), done: reservation.estado === 'cancelada' };
}

async function waitFor(condition: () => Promise<boolean>, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await condition()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}
