import { mongo } from 'mongoose';
import { PurchaseLimitStore } from '../ports/purchase-limit.port';
import { ReservationDocument } from '../domain/reservation';
import { ReservationDraft, ReservationHandler, validated } from './reservation-handler';

/** Where new reservations are stored (the repository). */
export interface ReservationWriter {
  insert(reservation: ReservationDocument): Promise<void>;
}

/** 5. Stores the reservation as `pendiente` with an empty saga log, owned by this run's lease. */
export class ReservationCreator extends ReservationHandler {
  constructor(
    private readonly repository: ReservationWriter,
    private readonly limits: PurchaseLimitStore,
    private readonly now: () => Date,
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
    };
    if (draft.request.forceDecline) reservation.rechazo_forzado = true;
    try {
      await this.repository.insert(reservation);
    } catch (error) {
      // Nothing exists to compensate yet, so the hold taken one link earlier is given back here.
      if (draft.limitHeld) await this.limits.release(usuarioId, eventoId, reservaId).catch(() => undefined);
      throw error;
    }
    draft.reservation = reservation;
  }
}
