import type { InventoryLevels } from '../inventory/inventory-levels';
import type { EventCache } from './event.cache';

/** Test doubles of the catalog's own ports, for its and the management's unit tests. */

/** The read cache's contract in memory: documents guarded by generations, versioned pages, live counters. */
export class InMemoryEventCache implements Pick<
  EventCache,
  'read' | 'generation' | 'fill' | 'invalidate' | 'readPage' | 'writePage' | 'counters'
> {
  readonly docs = new Map<string, string>();
  readonly generations = new Map<string, number>();
  readonly pages = new Map<string, string>();
  /** The inventory counters the cache reads alongside (`avail`). */
  readonly live = new Map<string, number>();
  version = 0;
  failWith?: Error;

  asCache(): EventCache {
    return this as unknown as EventCache;
  }

  async read(eventoId: string): Promise<[head: string | null, avail: string | null]> {
    this.failIfAsked();
    const avail = this.live.get(eventoId);
    return [this.docs.get(eventoId) ?? null, avail === undefined ? null : String(avail)];
  }

  async generation(eventoId: string): Promise<string> {
    this.failIfAsked();
    return String(this.generations.get(eventoId) ?? 0);
  }

  async fill(eventoId: string, generation: string, head: string): Promise<void> {
    if (String(this.generations.get(eventoId) ?? 0) === generation) this.docs.set(eventoId, head);
  }

  async invalidate(eventoId: string | undefined): Promise<void> {
    this.failIfAsked();
    if (eventoId) {
      this.docs.delete(eventoId);
      this.generations.set(eventoId, (this.generations.get(eventoId) ?? 0) + 1);
    }
    this.version++;
  }

  async readPage(query: string): Promise<{ version: string; page: string | null }> {
    this.failIfAsked();
    return { version: String(this.version), page: this.pages.get(`${this.version}:${query}`) ?? null };
  }

  async writePage(version: string, query: string, page: string): Promise<void> {
    this.pages.set(`${version}:${query}`, page);
  }

  async counters(eventoIds: string[]): Promise<Array<string | null>> {
    return eventoIds.map((id) => (this.live.has(id) ? String(this.live.get(id)) : null));
  }

  private failIfAsked(): void {
    if (this.failWith) throw this.failWith;
  }
}

/** Availability as the inventory would answer it, from a Map; `asked` lists the events it was asked about. */
export class FakeInventoryLevels implements Pick<InventoryLevels, 'available'> {
  readonly asked: string[] = [];
  constructor(readonly availability = new Map<string, number>()) {}

  asLevels(): InventoryLevels {
    return this as unknown as InventoryLevels;
  }

  async available(eventoId: string): Promise<number | undefined> {
    this.asked.push(eventoId);
    return this.availability.get(eventoId);
  }
}
