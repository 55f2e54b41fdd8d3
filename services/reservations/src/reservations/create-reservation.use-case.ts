import { Injectable, Logger } from '@nestjs/common';
import { DomainError, ErrorKind } from '@eventflow/errors';
import { ReservationChain } from '../chain/reservation.chain';
import { ReservationRequest } from '../chain/reservation-handler';
import { IdempotencyRecord, IdempotencyStore } from '../adapters/redis-idempotency.store';
import { ReservationMetrics } from '../metrics/reservation.metrics';
import { ActiveSagaIndex } from '../saga/active-saga.index';
import { ReservationSagaRunner } from '../saga/reservation-saga.runner';
import { failureReasonOf, isTransient } from '../domain/rejection';
import { FailureReason, ReservationDocument } from '../domain/reservation';
import { Lease, ReservationRepository } from '../database/reservation.repository';
import { ReservationSagaContext } from '../saga/reservation.saga';
import { CreatedReservationView, createdView } from './reservation.view';
import { SagaBulkhead } from './saga-bulkhead';

const CODES: Record<FailureReason, string> = {
  entradas_insuficientes: 'SOLD_OUT',
  limite_de_compra: 'PURCHASE_LIMIT',
  evento_inexistente: 'EVENT_NOT_FOUND',
  evento_no_activo: 'EVENT_NOT_ACTIVE',
  evento_pasado: 'EVENT_PAST',
  usuario_inexistente: 'USER_NOT_FOUND',
  pago_rechazado: 'PAYMENT_DECLINED',
  inventario_no_retenido: 'TICKETS_NOT_HELD',
  dependencia_no_disponible: 'DEPENDENCY_UNAVAILABLE',
};

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
    private readonly repository: ReservationRepository,
    private readonly idempotency: IdempotencyStore,
    private readonly metrics: ReservationMetrics,
    private readonly activeSagas: ActiveSagaIndex,
  ) {}

  async execute(command: CreateReservationCommand): Promise<CreatedReservationView> {
    const { idempotencyKey: key, principal } = command;
    if (key === undefined) return this.reserve(command.request);

    const bodyHash = IdempotencyStore.hashBody([command.request.usuario_id, command.request.evento_id, command.request.cantidad]);
    const claim = await this.idempotency.claim(principal, key, bodyHash);
    if (claim.kind === 'conflict') {
      throw new DomainError('IDEMPOTENCY.KEY_REUSED', 'This Idempotency-Key was already used with a different body', 'unprocessable');
    }
    if (claim.kind === 'seen') return this.replay(claim.record);

    try {
      const created = await this.reserve(command.request);
      await this.remember(principal, key, { bodyHash, reservaId: created.reserva_id, response: { created } });
      return created;
    } catch (error) {
      const reservaId = error instanceof DomainError ? (error.extra?.reserva_id as string | undefined) : undefined;
      if (error instanceof DomainError && error.kind !== 'unavailable') {
        await this.remember(principal, key, {
          bodyHash,
          reservaId,
          response: { rejected: { code: error.code, message: error.message, kind: error.kind, extra: error.extra } },
        });
      } else if (reservaId) {
        // Its outcome is still being settled: replays read the reservation's state.
        await this.remember(principal, key, { bodyHash, reservaId });
      } else {
        await this.idempotency.forget(principal, key).catch(() => undefined);
      }
      throw error;
    }
  }

  private reserve(request: ReservationRequest): Promise<CreatedReservationView> {
    return this.bulkhead.run(() => this.chainThenSaga(request));
  }

  private async chainThenSaga(request: ReservationRequest): Promise<CreatedReservationView> {
    const lease = this.runner.newLease();
    let reservation: ReservationDocument;
    try {
      const draft = await this.chain.run(request, lease);
      reservation = draft.reservation!;
      return await this.saga(reservation, lease, { event: draft.event, limitHeld: true, userKnown: request.fanAuthenticated === true });
    } catch (error) {
      if (error instanceof DomainError && error.extra?.reserva_id === undefined) this.metrics.increment('chain_rejections');
      throw error;
    }
  }

  private async saga(
    reservation: ReservationDocument,
    lease: Lease,
    known: Partial<ReservationSagaContext>,
  ): Promise<CreatedReservationView> {
    const reservaId = reservation._id.toHexString();
    // Should this process die mid-saga, the recovery job finds the saga through this index.
    await this.activeSagas.track(reservaId, reservation.lease_until).catch((error: unknown) => this.indexFailed(reservaId, error));
    let outcome;
    try {
      outcome = await this.runner.start(reservation, lease, known);
    } catch (error) {
      // A store failed between transitions or the lease was lost: the log and the lease let recovery finish it.
      this.logger.warn(
        { reserva_id: reservaId, err: error instanceof Error ? error.message : error },
        'saga interrupted; left for recovery',
      );
      throw new DomainError(
        'RESERVATION.INTERRUPTED',
        'The reservation could not be completed now; it will be completed or undone automatically',
        'unavailable',
        {
          reserva_id: reservaId,
          estado: 'pendiente',
        },
      );
    }
    const { result, estado } = outcome;
    if (estado !== 'compensando') await this.activeSagas.forget(reservaId).catch((error: unknown) => this.indexFailed(reservaId, error));
    if (result.status === 'completed') return createdView(reservation);
    const motivo = failureReasonOf(result.error);
    const kind: ErrorKind = isTransient(result.error) ? 'unavailable' : 'conflict';
    const message = result.error instanceof Error ? result.error.message : 'The reservation failed';
    throw new DomainError(`RESERVATION.${CODES[motivo]}`, message, kind, { reserva_id: reservaId, estado, motivo });
  }

  /** The periodic full scan of MongoDB still finds the saga: not worth failing the request. */
  private indexFailed(reservaId: string, error: unknown): void {
    this.logger.warn(
      { reserva_id: reservaId, err: error instanceof Error ? error.message : error },
      'could not update the active-saga index',
    );
  }

  private async replay(record: IdempotencyRecord): Promise<CreatedReservationView> {
    if (record.response && 'created' in record.response) return record.response.created as CreatedReservationView;
    if (record.response) {
      const { code, message, kind, extra } = record.response.rejected;
      throw new DomainError(code, message, kind as ErrorKind, extra);
    }
    const reservation = record.reservaId ? await this.repository.findById(record.reservaId) : null;
    if (reservation?.estado === 'confirmada') return createdView(reservation);
    if (reservation?.estado === 'fallida' && reservation.motivo) {
      throw new DomainError(`RESERVATION.${CODES[reservation.motivo]}`, 'The reservation failed', 'conflict', {
        reserva_id: record.reservaId,
        estado: 'fallida',
        motivo: reservation.motivo,
      });
    }
    throw new DomainError(
      'IDEMPOTENCY.IN_PROGRESS',
      'A request with this Idempotency-Key is still being processed; retry shortly',
      'conflict',
      {
        ...(reservation && { reserva_id: record.reservaId, estado: reservation.estado }),
      },
    );
  }

  private async remember(principal: string, key: string, record: IdempotencyRecord): Promise<void> {
    // The outcome already happened: failing to remember it must not turn it into an error.
    await this.idempotency.save(principal, key, record).catch((error: unknown) => {
      this.logger.warn({ err: error instanceof Error ? error.message : error }, 'could not store an idempotent outcome');
    });
  }
}
