import { PurchaseLimitStore } from '../ports/purchase-limit.port';
import { ReservationErrors } from '../domain/reservations.errors';
import { ReservationDraft, ReservationHandler, validated } from './reservation-handler';

/**
 * 4. At most `max` tickets per fan and event, counting pending and confirmed reservations.
 * The check and the hold are one atomic operation keyed by reserva_id, so a fan's
 * concurrent requests cannot pass together; the saga gives the hold back on failure.
 */
export class PurchaseLimitValidator extends ReservationHandler {
  constructor(
    private readonly limits: PurchaseLimitStore,
    private readonly max: number,
  ) {
    super();
  }

  protected async process(draft: ReservationDraft): Promise<void> {
    const { usuarioId, eventoId, cantidad, event, reservaId } = validated(draft);
    const hold = await this.limits.hold({
      usuarioId,
      eventoId,
      reservaId,
      cantidad,
      max: this.max,
      expiresAt: event ? new Date(event.fecha) : new Date(),
      nothingSold: event !== undefined && event.entradas_disponibles === event.aforo_total,
    });
    if (!hold.held) {
      throw ReservationErrors.rejected(
        'limite_de_compra',
        `A fan may hold at most ${this.max} tickets for an event; this fan already holds ${hold.total}`,
      );
    }
    draft.limitHeld = true;
  }
}
