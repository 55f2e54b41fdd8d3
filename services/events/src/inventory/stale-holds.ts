import { Injectable } from '@nestjs/common';
import type { StaleHoldsReply } from '@eventflow/contracts';
import { EventRepository } from '../events/event.repository';
import { InventoryStore } from './inventory.store';

/** At most this many per answer: the caller asks again on its next run. */
const LIMIT = 500;

/**
 * Holds that should have been settled by now: a saga takes tickets and sells or releases them
 * within its lease. Only the reservations service knows whether the reservation behind a hold is
 * still alive, so it asks for these and settles them (the review's H1: holds no live reservation
 * owns). Reads Redis only, and only the holds of events that hold tickets at all.
 */
@Injectable()
export class StaleHolds {
  constructor(
    private readonly events: EventRepository,
    private readonly store: InventoryStore,
  ) {}

  async older(thanMs: number): Promise<StaleHoldsReply> {
    const before = Date.now() - thanMs;
    const holds: StaleHoldsReply['holds'] = [];
    for (const eventoId of await this.events.activeIds()) {
      if (((await this.store.read(eventoId))?.held ?? 0) === 0) continue;
      for (const hold of await this.store.holds(eventoId)) {
        if (hold.state === 'h' && hold.at < before) holds.push({ evento_id: eventoId, reserva_id: hold.reservaId, cantidad: hold.qty });
        if (holds.length >= LIMIT) return { holds };
      }
    }
    return { holds };
  }
}
