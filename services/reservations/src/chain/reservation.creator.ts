import { mongo } from 'mongoose';
import { isDuplicateKeyError } from '@eventflow/database';
import { mayHaveWritten } from '@eventflow/errors';
import { isTransient } from '../domain/rejection';
import { ReservationDocument } from '../domain/reservation';
import { ReservationErrors } from '../domain/reservations.errors';
import { PurchaseLimitStore } from '../ports/purchase-limit.port';
import { ReservationDraft, ReservationHandler, validated } from './reservation-handler';

/** Where new reservations are stored (the repository). */
export interface ReservationWriter {
  insert(reservation: ReservationDocument): Promise<void>;
  findById(id: string): Promise<ReservationDocument | null>;
}

/** The insert failed in a way that may have stored it anyway, and MongoDB could not tell us: recovery settles it. */
export class AmbiguousInsertError extends Error {
  override readonly name = 'AmbiguousInsertError';

  constructor(readonly reservaId: string) {
    super(`reservation ${reservaId} may or may not have been stored`);
  }
}

export interface InsertPolicy {
  attempts: number;
  delay: (attempt: number) => Promise<void>;
}

/** 5. Stores the reservation as `pendiente` with an empty saga log, owned by this run's lease. */
export class ReservationCreator extends ReservationHandler {
  constructor(
    private readonly repository: ReservationWriter,
    private readonly limits: PurchaseLimitStore,
    private readonly now: () => Date,
    private readonly policy: InsertPolicy = { attempts: 3, delay: (n) => new Promise((r) => setTimeout(r, 100 * 2 ** n)) },
  ) {
    super();
  }

  protected async process(draft: ReservationDraft): Promise<void> {
    const { usuarioId, eventoId, cantidad, event, precioCentavos, montoCentavos, reservaId, lease } = validated(draft);
    if (!event || precioCentavos === undefined || montoCentavos === undefined) {
      throw new Error('the chain is misassembled: InventoryValidator and PriceCalculator must run before ReservationCreator');
    }
    const now = this.now();
    const reservation: ReservationDocument = {
      _id: new mongo.ObjectId(reservaId),
      usuario_id: usuarioId,
      evento_id: eventoId,
      cantidad,
      precio_unitario: precioCentavos / 100,
      monto_total: montoCentavos / 100,
      monto_centavos: montoCentavos,
      fecha_evento: new Date(event.fecha),
      estado: 'pendiente',
      saga: {},
      creada: now,
      actualizada: now,
      lease_owner: lease.owner,
      lease_until: new Date(now.getTime() + lease.ms),
      ...(draft.idempotencyKey && { idempotency_key: draft.idempotencyKey }),
    };
    if (draft.request.forceDecline) reservation.rechazo_forzado = true;
    await this.store(reservation, draft);
    draft.reservation = reservation;
  }

  /**
   * The insert is idempotent by `_id`, so a failure that may have written anyway (a timeout, a
   * reset connection) is resolved by inserting again: a duplicate of our own document means it was
   * stored (H4). Only a failure that provably stored nothing gives the limit hold back.
   */
  private async store(reservation: ReservationDocument, draft: ReservationDraft): Promise<void> {
    const reservaId = reservation._id.toHexString();
    let ambiguous = false;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.repository.insert(reservation);
      } catch (error) {
        if (isDuplicateKeyError(error)) {
          const stored = await this.repository.findById(reservaId);
          if (stored?.lease_owner === reservation.lease_owner) return;
          // Another request with the same Idempotency-Key stored it first, and drives it: its hold is its own.
          throw ReservationErrors.idempotencyInProgress({ reserva_id: reservaId, ...(stored && { estado: stored.estado }) });
        }
        ambiguous ||= mayHaveWritten(error);
        if (isTransient(error) && attempt < this.policy.attempts) {
          await this.policy.delay(attempt);
          continue;
        }
        if (isTransient(error) && ambiguous) throw new AmbiguousInsertError(reservaId);
        // Nothing exists to compensate, so the hold taken one link earlier is given back here.
        if (draft.limitHeld) await this.limits.release(draft.usuarioId!, draft.eventoId!, reservaId).catch(() => undefined);
        throw error;
      }
    }
  }
}
