import { ReservationDraft, ReservationHandler, validated } from './reservation-handler';

/** 3. Unit price from the events service; the total in exact cents (no floating-point drift). */
export class PriceCalculator extends ReservationHandler {
  protected async process(draft: ReservationDraft): Promise<void> {
    const { cantidad, event } = validated(draft);
    if (!event) throw new Error('the chain is misassembled: InventoryValidator must run before PriceCalculator');
    const precioCentavos = Math.round(event.precio * 100);
    draft.precioCentavos = precioCentavos;
    draft.montoCentavos = precioCentavos * cantidad;
  }
}
