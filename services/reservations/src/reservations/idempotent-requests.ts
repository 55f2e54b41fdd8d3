import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DomainError, ErrorKind } from '@eventflow/errors';
import { ReservationsEnv } from '../config/reservations.env';
import { ReservationRepository } from '../database/reservation.repository';
import { ReservationDocument } from '../domain/reservation';
import { idempotencyKeyHash, reservationIdFor } from '../domain/reservation-id';
import { ReservationErrors } from '../domain/reservations.errors';
import { IdempotencyRecord, IdempotencyRecords } from '../ports/idempotency.port';
import { replayedOutcomeOf } from './reservation-outcome';
import { CreatedReservationView } from './reservation.view';

/** What a keyed request asks for; compared with the reservation a retry finds. */
export interface KeyedRequest {
  usuario_id: unknown;
  evento_id: unknown;
  cantidad: unknown;
}

/** The reservation a keyed request creates: its id is derived from the key and the attempt. */
export interface KeyBinding {
  reservaId: string;
  keyHash: string;
}

/** Attempts one key may take, each after the previous one failed for want of a dependency. */
const MAX_ATTEMPTS = 20;

/**
 * The Idempotency-Key contract of POST /api/reservar. The same key with the same body never
 * creates a second reservation, whatever happened to the process, Redis or the first answer:
 * the reservation's id is derived from the key, so a retry finds it in MongoDB and answers its
 * current outcome. Redis holds only a claim while a request runs (its lease: a crashed owner's
 * claim lapses) and the final answer afterwards; a 503 is never remembered as final. A key whose
 * attempt failed for want of a dependency (nothing sold, nothing charged) may try again.
 */
@Injectable()
export class IdempotentRequests {
  private readonly logger = new Logger(IdempotentRequests.name);

  constructor(
    private readonly records: IdempotencyRecords,
    private readonly repository: ReservationRepository,
    private readonly env: ReservationsEnv,
  ) {}

  static hashBody(request: KeyedRequest): string {
    return createHash('sha256')
      .update(JSON.stringify([request.usuario_id, request.evento_id, request.cantidad]))
      .digest('base64url');
  }

  async run(
    principal: string,
    key: string,
    request: KeyedRequest,
    work: (binding: KeyBinding) => Promise<CreatedReservationView>,
  ): Promise<CreatedReservationView> {
    const keyHash = idempotencyKeyHash(principal, key);
    const bodyHash = IdempotentRequests.hashBody(request);
    const lease = this.env.SAGA_LEASE_MS;
    // Bound from the start to the first attempt's id: a retry that finds this claim learns it.
    const claim = await this.records.claim(keyHash, { bodyHash, reservaId: reservationIdFor(keyHash, 0) }, lease);
    if (claim.kind === 'seen') return this.replay(claim.record, bodyHash);

    // The claim is ours: keep it alive while this request runs, however long the saga takes.
    const heartbeat = setInterval(() => void this.records.renew(keyHash, lease).catch(() => undefined), Math.max(100, lease / 3));
    heartbeat.unref();
    try {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const reservaId = reservationIdFor(keyHash, attempt);
        const existing = await this.repository.findById(reservaId);
        if (!existing) {
          // Bound before the first saga write (M1): a retry that finds this claim learns the reservation's id.
          if (attempt > 0) await this.records.bind(keyHash, { bodyHash, reservaId }, lease);
          return await this.attempt(keyHash, bodyHash, reservaId, () => work({ reservaId, keyHash }));
        }
        if (!isSameRequest(existing, request)) throw ReservationErrors.idempotencyKeyReused();
        const outcome = replayedOutcomeOf(existing);
        if (outcome.kind === 'try_again') continue;
        if (outcome.kind === 'answer') {
          await this.remember(keyHash, { bodyHash, reservaId, response: { created: outcome.view } });
          return outcome.view;
        }
        throw outcome.error;
      }
      throw ReservationErrors.idempotencyAttemptsExhausted();
    } catch (error) {
      // Nothing final to remember (a replayed state that may still change, an outage): let the next retry look again.
      if (!(error instanceof Final)) await this.records.forget(keyHash).catch(() => undefined);
      throw error instanceof Final ? error.cause : error;
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Runs the work for one attempt and remembers its answer when it is final. */
  private async attempt(keyHash: string, bodyHash: string, reservaId: string, work: () => Promise<CreatedReservationView>) {
    let created: CreatedReservationView;
    try {
      created = await work();
    } catch (error) {
      if (!(error instanceof DomainError) || !isFinal(error)) throw error;
      const stored = error.extra?.reserva_id !== undefined;
      await this.remember(keyHash, { bodyHash, ...(stored && { reservaId }), response: { rejected: rejectionOf(error) } });
      throw new Final(error);
    }
    await this.remember(keyHash, { bodyHash, reservaId, response: { created } });
    return created;
  }

  private async replay(record: IdempotencyRecord, bodyHash: string): Promise<CreatedReservationView> {
    if (record.bodyHash !== bodyHash) throw ReservationErrors.idempotencyKeyReused();
    if (record.response && 'rejected' in record.response) {
      const { code, message, kind, extra } = record.response.rejected;
      throw new DomainError(code, message, kind as ErrorKind, extra);
    }
    // A claim without an answer: its request is still running.
    if (!record.response) throw ReservationErrors.idempotencyInProgress(record.reservaId ? { reserva_id: record.reservaId } : {});
    const reservation = await this.repository.findById(record.reservaId!).catch(() => undefined);
    // The reservation's current state wins (it may have been cancelled since); the stored answer serves while MongoDB is away.
    if (!reservation) return record.response.created as CreatedReservationView;
    const outcome = replayedOutcomeOf(reservation);
    if (outcome.kind === 'answer') return outcome.view;
    if (outcome.kind === 'refuse') throw outcome.error;
    return record.response.created as CreatedReservationView;
  }

  private async remember(keyHash: string, record: IdempotencyRecord): Promise<void> {
    // The outcome already happened: failing to remember it must not turn it into an error (the key still finds it).
    await this.records.finish(keyHash, record).catch((error: unknown) => {
      this.logger.warn({ err: error instanceof Error ? error.message : error }, 'could not store an idempotent outcome');
    });
  }
}

/** A final answer already remembered: it must not be forgotten on the way out. */
class Final extends Error {
  constructor(override readonly cause: DomainError) {
    super(cause.message);
  }
}

/** A 503, or an answer that says "still running", is never final. */
function isFinal(error: DomainError): boolean {
  return error.kind !== 'unavailable' && error.code !== 'IDEMPOTENCY.IN_PROGRESS';
}

function rejectionOf(error: DomainError) {
  return { code: error.code, message: error.message, kind: error.kind, extra: error.extra };
}

function isSameRequest(reservation: ReservationDocument, request: KeyedRequest): boolean {
  const lower = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value);
  return (
    reservation.usuario_id === lower(request.usuario_id) &&
    reservation.evento_id === lower(request.evento_id) &&
    reservation.cantidad === request.cantidad
  );
}
