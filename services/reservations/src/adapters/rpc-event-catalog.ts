import { Inject, Injectable } from '@nestjs/common';
import { EVENTS_RPC, EventSnapshot, RpcClient } from '@eventflow/contracts';
import { EventCatalog } from '../ports/event-catalog.port';

@Injectable()
export class RpcEventCatalog extends EventCatalog {
  constructor(@Inject(EVENTS_RPC) private readonly events: RpcClient) {
    super();
  }

  get(eventoId: string): Promise<EventSnapshot | null> {
    return this.events.send('events.get', { evento_id: eventoId });
  }
}
