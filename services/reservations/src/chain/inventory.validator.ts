import { EventCatalog } from '../ports/event-catalog.port';
import { rejection } from './rejection';
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
    if (!event) throw rejection('EVENT_NOT_FOUND', 'The event does not exist', 'evento_inexistente', 'not_found');
    if (event.estado !== 'activo') throw rejection('EVENT_NOT_ACTIVE', `The event is ${event.estado}`, 'evento_no_activo');
    if (new Date(event.fecha).getTime() <= this.now().getTime())
      throw rejection('EVENT_PAST', 'The event has already taken place', 'evento_pasado');
    if (event.entradas_disponibles < cantidad) {
      throw rejection(
        'SOLD_OUT',
        `Not enough tickets: ${event.entradas_disponibles} available, ${cantidad} requested`,
        'entradas_insuficientes',
      );
    }
    draft.event = event;
  }
}
