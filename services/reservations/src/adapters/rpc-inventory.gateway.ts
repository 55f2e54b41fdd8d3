import { Inject, Injectable } from '@nestjs/common';
import { EVENTS_RPC, RpcClient } from '@eventflow/contracts';
import { FailureReason } from '../domain/reservation';
import { InventoryGateway, ReserveOutcome } from '../ports/inventory.port';

/** The events service's refusals, in the reasons fans see. */
const REFUSALS: Record<string, FailureReason> = {
  SOLD_OUT: 'entradas_insuficientes',
  EVENT_NOT_FOUND: 'evento_inexistente',
  EVENT_NOT_ACTIVE: 'evento_no_activo',
  // This reserva_id was already released (its saga was compensated): nothing may be taken again.
  RESERVATION_RELEASED: 'inventario_no_retenido',
};

@Injectable()
export class RpcInventoryGateway extends InventoryGateway {
  constructor(@Inject(EVENTS_RPC) private readonly events: RpcClient) {
    super();
  }

  async reserve(eventoId: string, reservaId: string, cantidad: number, offer = false): Promise<ReserveOutcome> {
    const reply = await this.events.send('events.inventory.reserve', {
      evento_id: eventoId,
      reserva_id: reservaId,
      cantidad,
      ...(offer && { oferta: true }),
    });
    if (reply.reserved) return { reserved: true };
    return { reserved: false, reason: REFUSALS[reply.reason] ?? 'entradas_insuficientes', disponibles: reply.disponibles };
  }

  async release(eventoId: string, reservaId: string): Promise<void> {
    await this.events.send('events.inventory.release', { evento_id: eventoId, reserva_id: reservaId });
  }

  async staleHolds(olderThanMs: number): Promise<{ eventoId: string; reservaId: string; cantidad: number }[]> {
    const { holds } = await this.events.send('events.inventory.stale-holds', { older_than_ms: olderThanMs });
    return holds.map((hold) => ({ eventoId: hold.evento_id, reservaId: hold.reserva_id, cantidad: hold.cantidad }));
  }

  async commit(eventoId: string, reservaId: string): Promise<boolean> {
    return (await this.events.send('events.inventory.commit', { evento_id: eventoId, reserva_id: reservaId })).committed;
  }
}
