import { PurchaseLimitStore } from '../ports/purchase-limit.port';
import { ReservationWatch } from '../ports/reservation-watch.port';
import { ReservationErrors } from '../domain/reservations.errors';
import { ReservationDraft, ReservationHandler, validated } from './reservation-handler';

/**
 * 4. At most `max` tickets per fan and event, counting pending and confirmed reservations.
 * The check and the hold are one atomic operation keyed by reserva_id, so a fan's
 * concurrent requests cannot pass together; the saga gives the hold back on failure. The
 * reservation is watched by recovery from before the hold, so that a process dying before the
 * reservation is stored does not leave the hold behind (L11).
 */
export class PurchaseLimitValidator extends ReservationHandler {
  constructor(
    private readonly limits: PurchaseLimitStore,
    private readonly max: number,
    private readonly watch: ReservationWatch,
  ) {
    super();
  }

  protected async process(draft: ReservationDraft): Promise<void> {
    const { usuarioId, eventoId, cantidad, event, reservaId, lease } = validated(draft);
    // Watched by recovery and locked for this run in one command; a keyed retry racing the first request loses here.
    if (!(await this.watch.watch(reservaId, new Date(Date.now() + lease.ms), { usuarioId, eventoId }, lease))) {
      throw ReservationErrors.idempotencyInProgress({ reserva_id: reservaId });
    }
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
      await this.watch.forget(reservaId, lease).catch(() => undefined);
      throw ReservationErrors.rejected(
        'limite_de_compra',
        `A fan may hold at most ${this.max} tickets for an event; this fan already holds ${hold.total}`,
      );
    }
    draft.limitHeld = true;
  }
}
