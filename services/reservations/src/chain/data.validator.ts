import { isObjectId } from '@eventflow/database';
import { ReservationErrors } from '../domain/reservations.errors';
import { ReservationDraft, ReservationHandler } from './reservation-handler';

/** 1. Fields and types; `cantidad` a whole number between 1 and the per-reservation maximum. */
export class DataValidator extends ReservationHandler {
  constructor(private readonly maxPerReservation: number) {
    super();
  }

  protected async process(draft: ReservationDraft): Promise<void> {
    const { usuario_id, evento_id, cantidad } = draft.request;
    const problems: { field: string; problems: string[] }[] = [];
    if (!isObjectId(usuario_id)) problems.push({ field: 'usuario_id', problems: ['usuario_id must be a 24-character hexadecimal id'] });
    if (!isObjectId(evento_id)) problems.push({ field: 'evento_id', problems: ['evento_id must be a 24-character hexadecimal id'] });
    if (typeof cantidad !== 'number' || !Number.isInteger(cantidad) || cantidad < 1 || cantidad > this.maxPerReservation) {
      problems.push({ field: 'cantidad', problems: [`cantidad must be a whole number between 1 and ${this.maxPerReservation}`] });
    }
    if (problems.length > 0) {
      throw ReservationErrors.invalid(problems);
    }
    draft.usuarioId = (usuario_id as string).toLowerCase();
    draft.eventoId = (evento_id as string).toLowerCase();
    draft.cantidad = cantidad as number;
  }
}
