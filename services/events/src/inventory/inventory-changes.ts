import { Injectable } from '@nestjs/common';

export type InventoryChangeListener = (eventoId: string) => void;

/**
 * In-process notice that this process just changed an event's inventory in Redis, so that
 * local read caches drop their copy at once: a fan who reserved through this instance sees the
 * new availability on the next read. Changes made by other instances reach those caches only
 * through their short TTL (see LocalEventReads).
 */
@Injectable()
export class InventoryChanges {
  private readonly listeners: InventoryChangeListener[] = [];

  onChange(listener: InventoryChangeListener): void {
    this.listeners.push(listener);
  }

  changed(eventoId: string): void {
    for (const listener of this.listeners) listener(eventoId);
  }
}
