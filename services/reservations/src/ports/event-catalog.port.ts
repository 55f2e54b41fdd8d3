import { EventSnapshot } from '@eventflow/contracts';

/** Port: an event's state, date, price and live availability (events service). */
export abstract class EventCatalog {
  abstract get(eventoId: string): Promise<EventSnapshot | null>;
}
