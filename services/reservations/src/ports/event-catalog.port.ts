import { Inject, Injectable } from '@nestjs/common';
import { EVENTS_RPC, EventSnapshot, RpcClient } from '@eventflow/contracts';

/** Port: an event's state, date, price and live availability (events service). */
export abstract class EventCatalog {
  abstract get(eventoId: string): Promise<EventSnapshot | null>;
}

@Injectable()
export class RpcEventCatalog extends EventCatalog {
  constructor(@Inject(EVENTS_RPC) private readonly events: RpcClient) {
    super();
  }

  get(eventoId: string): Promise<EventSnapshot | null> {
    return this.events.send('events.get', { evento_id: eventoId });
  }
}
