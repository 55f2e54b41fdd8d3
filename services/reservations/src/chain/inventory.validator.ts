import { EventCatalog } from '../ports/event-catalog.port';
import { ReservationErrors } from '../domain/reservations.errors';
import { ReservationDraft, ReservationHandler, validated } from './reservation-handler';

/**
 * 2. A quick read-only look at the event: it exists, is on sale, is in the future and has
 * enough tickets right now. The saga's reserve is the real guard; this only fails fast.
 */
export class InventoryValidator extends ReservationHandler {
  constructor(
    private readonly events: EventCatalog,
    private readonly now: () => Date,
  ) {
    super();
  }

  protected async process(draft: ReservationDraft): Promise<void> {
    const { eventoId, cantidad } = validated(draft);
    const event = await this.events.get(eventoId);
    if (!event) throw ReservationErrors.rejected('evento_inexistente', 'The event does not exist');
    if (event.estado !== 'activo') throw ReservationErrors.rejected('evento_no_activo', `The event is ${event.estado}`);
    if (new Date(event.fecha).getTime() <= this.now().getTime())
      throw ReservationErrors.rejected('evento_pasado', 'The event has already taken place');
    // An offer's tickets are held for this very reservation already.
    if (!draft.offerTaken && event.entradas_disponibles < cantidad) {
      throw ReservationErrors.rejected(
        'entradas_insuficientes',
        `Not enough tickets: ${event.entradas_disponibles} available, ${cantidad} requested`,
      );
    }
    draft.event = event;
  }
}
