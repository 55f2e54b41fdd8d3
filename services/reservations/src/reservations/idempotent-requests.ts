import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DomainError, ErrorKind } from '@eventflow/errors';
import { ReservationRepository } from '../database/reservation.repository';
import { ReservationErrors } from '../domain/reservations.errors';
import { IdempotencyRecord, IdempotencyRecords } from '../ports/idempotency.port';
import { CreatedReservationView, createdView } from './reservation.view';

/**
 * The Idempotency-Key contract of POST /api/reservar: the same key with the same body gets the
 * original outcome without creating anything; a concurrent retry gets IN_PROGRESS; another body
 * gets 422. A request that ended in 503 before creating anything forgets its key (the client may
 * simply retry); one that created a reservation replays that reservation's current outcome.
 */
@Injectable()
export class IdempotentRequests {
  private readonly logger = new Logger(IdempotentRequests.name);

  constructor(
    private readonly records: IdempotencyRecords,
    private readonly repository: ReservationRepository,
  ) {}

  static hashBody(body: unknown): string {
    return createHash('sha256').update(JSON.stringify(body)).digest('base64url');
  }

  async run(principal: string, key: string, body: unknown, work: () => Promise<CreatedReservationView>): Promise<CreatedReservationView> {
    const bodyHash = IdempotentRequests.hashBody(body);
    const claim = await this.records.claim(principal, key, bodyHash);
    if (claim.kind === 'conflict') throw ReservationErrors.idempotencyKeyReused();
    if (claim.kind === 'seen') return this.replay(claim.record);

    try {
      const created = await work();
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
        await this.records.forget(principal, key).catch(() => undefined);
      }
      throw error;
    }
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
      throw ReservationErrors.rejected(reservation.motivo, 'The reservation failed', { reserva_id: record.reservaId });
    }
    throw ReservationErrors.idempotencyInProgress(reservation ? { reserva_id: record.reservaId, estado: reservation.estado } : {});
  }

  private async remember(principal: string, key: string, record: IdempotencyRecord): Promise<void> {
    // The outcome already happened: failing to remember it must not turn it into an error.
    await this.records.save(principal, key, record).catch((error: unknown) => {
      this.logger.warn({ err: error instanceof Error ? error.message : error }, 'could not store an idempotent outcome');
    });
  }
}
