import { Inject, Injectable } from '@nestjs/common';
import { EVENTS_RPC, ReserveInventoryReply, RpcClient } from '@eventflow/contracts';

/** Port: the event's ticket inventory (events service); every call is idempotent by reserva_id. */
export abstract class InventoryGateway {
  abstract reserve(eventoId: string, reservaId: string, cantidad: number): Promise<ReserveInventoryReply>;
  abstract release(eventoId: string, reservaId: string): Promise<void>;
  /** Held → sold; false when the hold no longer exists. */
  abstract commit(eventoId: string, reservaId: string): Promise<boolean>;
}

@Injectable()
export class RpcInventoryGateway extends InventoryGateway {
  constructor(@Inject(EVENTS_RPC) private readonly events: RpcClient) {
    super();
  }

  reserve(eventoId: string, reservaId: string, cantidad: number): Promise<ReserveInventoryReply> {
    return this.events.send('events.inventory.reserve', { evento_id: eventoId, reserva_id: reservaId, cantidad });
  }

  async release(eventoId: string, reservaId: string): Promise<void> {
    await this.events.send('events.inventory.release', { evento_id: eventoId, reserva_id: reservaId });
  }

  async commit(eventoId: string, reservaId: string): Promise<boolean> {
    return (await this.events.send('events.inventory.commit', { evento_id: eventoId, reserva_id: reservaId })).committed;
  }
}
