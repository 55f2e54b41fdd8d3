import { Injectable } from '@nestjs/common';
import type { EventState } from '@eventflow/contracts';
import { EventRepository } from '../events/event.repository';
import { capacityBelowSold, concurrentChange, eventNotFound } from '../events/events.errors';
import { InventoryRebuild } from './inventory-rebuild';
import { InventoryStore } from './inventory.store';

/**
 * An event's capacity and state as the inventory enforces them. Whatever restricts sales
 * happens in Redis first, so that MongoDB never promises more than Redis sells.
 */
@Injectable()
export class InventoryCapacity {
  constructor(
    private readonly store: InventoryStore,
    private readonly events: EventRepository,
    private readonly rebuild: InventoryRebuild,
  ) {}

  /** Sets up a new event's counter; a failure is repaired lazily by the first rebuild. */
  async initialize(eventoId: string, aforo: number, estado: EventState): Promise<void> {
    await this.store.install(eventoId, '', aforo, estado, []);
  }

  /**
   * A shrink is checked against held + sold and applied in Redis before MongoDB (and undone in
   * Redis if MongoDB refuses); a grow is written to MongoDB before Redis.
   */
  async resize(eventoId: string, current: number, aforo: number): Promise<void> {
    if (aforo === current) return;
    if (aforo > current) {
      if (!(await this.events.setCapacity(eventoId, current, aforo))) throw concurrentChange();
      await this.rebuild.withRebuild(eventoId, () => this.store.resize(eventoId, aforo));
      return;
    }
    const shrink = await this.rebuild.withRebuild(eventoId, () => this.store.resize(eventoId, aforo));
    if (shrink === 'EVENT_NOT_FOUND') throw eventNotFound();
    if (shrink.outcome === 'TOO_SMALL') throw capacityBelowSold(shrink.held, shrink.sold);
    let saved = false;
    try {
      saved = await this.events.setCapacity(eventoId, current, aforo);
    } finally {
      if (!saved) await this.store.resize(eventoId, shrink.previous).catch(() => undefined);
    }
    if (!saved) throw concurrentChange();
  }

  /** Cancelling stops new reservations in Redis first, then records it in MongoDB. */
  async cancel(eventoId: string): Promise<void> {
    const result = await this.rebuild.withRebuild(eventoId, () => this.store.setState(eventoId, 'cancelado'));
    try {
      await this.events.setState(eventoId, 'cancelado');
    } catch (error) {
      if (result !== 'EVENT_NOT_FOUND' && result.previous) await this.store.setState(eventoId, result.previous).catch(() => undefined);
      throw error;
    }
  }
}
