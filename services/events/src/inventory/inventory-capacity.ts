import { Injectable } from '@nestjs/common';
import type { EventState } from '@eventflow/contracts';
import { RedisLock } from '@eventflow/redis';
import { EventRecord } from '../events/event.model';
import { EventRepository } from '../events/event.repository';
import { capacityBelowSold, concurrentChange, eventNotFound } from '../events/events.errors';
import { InventoryRebuild } from './inventory-rebuild';
import { inventoryKeys, InventoryStore } from './inventory.store';

const CHANGE_LOCK_MS = 10_000;

/**
 * An event's capacity and state as the inventory enforces them. Whatever restricts sales
 * happens in Redis first, so that MongoDB never promises more than Redis sells. Every change
 * bumps the event's revision on both sides (C1: the reconciliation refuses to repair from an
 * older one), and changes of one event are serialized across instances by a Redis lock, because
 * FerretDB's conditional updates of one document do not exclude each other.
 */
@Injectable()
export class InventoryCapacity {
  constructor(
    private readonly store: InventoryStore,
    private readonly events: EventRepository,
    private readonly rebuild: InventoryRebuild,
    private readonly locks: RedisLock,
  ) {}

  /** Sets up a new event's counter; a failure is repaired lazily by the first rebuild. */
  async initialize(eventoId: string, aforo: number, estado: EventState): Promise<void> {
    await this.store.install(eventoId, '', { aforo_total: aforo, estado, revision: 0 }, []);
  }

  /** A shrink is checked against held + sold and applied in Redis before MongoDB (and undone in Redis if MongoDB refuses); a grow the other way round. */
  resize(eventoId: string, aforo: number): Promise<void> {
    return this.changing(eventoId, async (event) => {
      if (aforo === event.aforo_total) return;
      const revision = event.revision + 1;
      if (aforo > event.aforo_total) {
        if (!(await this.events.setCapacity(eventoId, event.aforo_total, aforo, revision))) throw concurrentChange();
        await this.rebuild.withRebuild(eventoId, () => this.store.resize(eventoId, aforo, revision));
        return;
      }
      const shrink = await this.rebuild.withRebuild(eventoId, () => this.store.resize(eventoId, aforo, revision));
      if (shrink === 'EVENT_NOT_FOUND') throw eventNotFound();
      if (shrink.outcome === 'TOO_SMALL') throw capacityBelowSold(shrink.held, shrink.sold);
      let saved = false;
      try {
        saved = await this.events.setCapacity(eventoId, event.aforo_total, aforo, revision);
      } finally {
        if (!saved) await this.store.resize(eventoId, shrink.previous, shrink.previousRevision).catch(() => undefined);
      }
      if (!saved) throw concurrentChange();
    });
  }

  /** Cancelling stops new reservations in Redis first, then records it in MongoDB. */
  cancel(eventoId: string): Promise<void> {
    return this.changing(eventoId, async (event) => {
      const revision = event.revision + 1;
      const result = await this.rebuild.withRebuild(eventoId, () => this.store.setState(eventoId, 'cancelado', revision));
      try {
        await this.events.setState(eventoId, 'cancelado', revision);
      } catch (error) {
        if (result !== 'EVENT_NOT_FOUND' && result.previous) {
          await this.store.setState(eventoId, result.previous, result.previousRevision).catch(() => undefined);
        }
        throw error;
      }
    });
  }

  /** Runs one change of the event under its lock, on the event as it is once the lock is held. */
  private async changing(eventoId: string, change: (event: EventRecord) => Promise<void>): Promise<void> {
    const locked = await this.locks.withLock(`${inventoryKeys(eventoId).lock}:change`, CHANGE_LOCK_MS, async () => {
      const event = await this.events.findById(eventoId);
      if (!event) throw eventNotFound();
      await change(event);
    });
    if (!locked.acquired) throw concurrentChange();
  }
}
