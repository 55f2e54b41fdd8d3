import { Injectable, Logger } from '@nestjs/common';
import { DomainError } from '@eventflow/errors';
import { ReservationChain } from '../chain/reservation.chain';
import { AmbiguousInsertError } from '../chain/reservation.creator';
import { ReservationRequest } from '../chain/reservation-handler';
import { Lease } from '../domain/lease';
import { failureReasonOf } from '../domain/rejection';
import { ReservationDocument } from '../domain/reservation';
import { ReservationErrors } from '../domain/reservations.errors';
import { ReservationMetrics } from '../metrics/reservation.metrics';
import { ActiveSagaIndex } from '../saga/active-saga.index';
import { ReservationSagaContext } from '../saga/reservation.saga';
import { ReservationSagaRunner } from '../saga/reservation-saga.runner';
import { IdempotentRequests, KeyBinding } from './idempotent-requests';
import { CreatedReservationView, createdView } from './reservation.view';
import { SagaBulkhead } from './saga-bulkhead';

export interface CreateReservationCommand {
  request: ReservationRequest;
  /** Who asks (for Idempotency-Key scoping). */
  principal: string;
  idempotencyKey?: string;
}

/**
 * POST /api/reservar: the chain, then the saga. Business rejections become 409 with the
 * reservation's id and reason; an unavailable dependency becomes 503 with the reservation
 * already compensated or left (leased, logged) for the recovery job — never half done.
 */
@Injectable()
export class CreateReservationUseCase {
  private readonly logger = new Logger(CreateReservationUseCase.name);

  constructor(
    private readonly bulkhead: SagaBulkhead,
    private readonly chain: ReservationChain,
    private readonly runner: ReservationSagaRunner,
    private readonly idempotent: IdempotentRequests,
    private readonly metrics: ReservationMetrics,
    private readonly activeSagas: ActiveSagaIndex,
  ) {}

  execute(command: CreateReservationCommand): Promise<CreatedReservationView> {
    const { request, idempotencyKey, principal } = command;
    const reserve = (binding?: KeyBinding) => this.bulkhead.run(() => this.chainThenSaga(request, binding));
    if (idempotencyKey === undefined) return reserve();
    return this.idempotent.run(principal, idempotencyKey, request, reserve);
  }

  private async chainThenSaga(request: ReservationRequest, binding?: KeyBinding): Promise<CreatedReservationView> {
    const lease = this.runner.newLease();
    try {
      const draft = await this.chain.run(request, lease, binding);
      return await this.saga(draft.reservation!, lease, {
        event: draft.event,
        limitHeld: true,
        userKnown: request.fanAuthenticated === true,
      }).catch(async (error: unknown) => {
        // Failed for good (not interrupted: that one may still confirm): the admission is the fan's again.
        if (error instanceof DomainError && error.kind !== 'unavailable') await this.chain.giveBackAdmission(draft);
        throw error;
      });
    } catch (error) {
      if (error instanceof AmbiguousInsertError) {
        // It may exist: recovery finds it through the index and finishes or undoes it; the caller learns its id.
        await this.activeSagas
          .track(error.reservaId, new Date(Date.now() + lease.ms))
          .catch((e: unknown) => this.indexFailed(error.reservaId, e));
        throw ReservationErrors.interrupted(error.reservaId);
      }
      if (error instanceof DomainError && error.extra?.reserva_id === undefined) this.metrics.increment('chain_rejections');
      throw error;
    }
  }

  private async saga(
    reservation: ReservationDocument,
    lease: Lease,
    known: Partial<ReservationSagaContext>,
  ): Promise<CreatedReservationView> {
    // The chain had recovery watch it before its purchase-limit hold: should this process die
    // mid-saga, the recovery job finds it.
    const reservaId = reservation._id.toHexString();
    let outcome;
    try {
      outcome = await this.runner.start(reservation, lease, known);
    } catch (error) {
      // A store failed between transitions or the lease was lost: the log and the lease let recovery finish it.
      this.logger.warn(
        { reserva_id: reservaId, err: error instanceof Error ? error.message : error },
        'saga interrupted; left for recovery',
      );
      throw ReservationErrors.interrupted(reservaId);
    }
    const { result, estado } = outcome;
    if (estado !== 'compensando') await this.activeSagas.forget(reservaId).catch((error: unknown) => this.indexFailed(reservaId, error));
    if (result.status === 'completed') return createdView(reservation);
    const message = result.error instanceof Error ? result.error.message : 'The reservation failed';
    throw ReservationErrors.rejected(failureReasonOf(result.error), message, { reserva_id: reservaId, estado });
  }

  /** The periodic full scan of MongoDB still finds the saga: not worth failing the request. */
  private indexFailed(reservaId: string, error: unknown): void {
    this.logger.warn(
      { reserva_id: reservaId, err: error instanceof Error ? error.message : error },
      'could not update the active-saga index',
    );
  }
}
