import { ReservationErrors } from '../domain/reservations.errors';
import { InventoryGateway } from '../ports/inventory.port';
import { WaitingListStore } from '../ports/waiting-list.port';
import { ReservationDraft, ReservationHandler, validated } from './reservation-handler';

/**
 * 2. Returned tickets belong to the event's waiting list first. A fan with an offer for exactly
 * this quantity takes it: the reservation takes the offer's id, under which the tickets are
 * already held, so the saga's reserve finds them held for it. While fans wait on the list,
 * nobody else may buy (whatever comes back is theirs to be offered). One script either way.
 * Should the chain refuse the reservation after the offer was taken, its tickets are given back
 * (the list's next fan is offered them).
 */
export class WaitingListLink extends ReservationHandler {
  constructor(
    private readonly lists: WaitingListStore,
    private readonly inventory: InventoryGateway,
    private readonly now: () => Date,
  ) {
    super();
  }

  override async handle(draft: ReservationDraft): Promise<void> {
    try {
      await super.handle(draft);
    } catch (error) {
      if (draft.offerTaken) await this.inventory.release(draft.offerTaken.eventoId, draft.reservaId).catch(() => undefined);
      throw error;
    }
  }

  protected async process(draft: ReservationDraft): Promise<void> {
    const { eventoId, usuarioId, cantidad } = validated(draft);
    const claim = await this.lists.claim(eventoId, usuarioId, cantidad, this.now().getTime());
    if (claim.kind === 'offer') {
      draft.reservaId = claim.reservaId;
      draft.offerTaken = { eventoId };
      return;
    }
    if (claim.waiting > 0) {
      throw ReservationErrors.rejected(
        'entradas_insuficientes',
        `Sold out: tickets that come back are offered to the ${claim.waiting} fans on the waiting list first`,
      );
    }
  }
}
