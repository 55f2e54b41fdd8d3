/** How many events one process keeps; the oldest entry makes room (a flash sale reads a handful). */
const DEFAULT_MAX_ENTRIES = 10_000;

interface Entry {
  json: string;
  expiresAt: number;
}

/**
 * A process-local copy of recently served event JSON (availability included), kept for a
 * fraction of a second. A cached read then costs no Redis round trip, which on loopback is
 * the largest share of a hit's CPU. This process forgets an event the moment it changes
 * the event's inventory or data (see InventoryChanges), so its own writes are read back at
 * once; changes made by other instances show after at most `ttlMs` (the catalog is AP).
 *
 * A read that began before a change must not store what it read after the change forgot
 * the event: every `forget` takes a new generation, and `remember` only stores a value read
 * under a generation no `forget` of that event has passed.
 */
export class LocalEventReads {
  private readonly entries = new Map<string, Entry>();
  /** The generation of each event's last `forget` (bounded like the entries). */
  private readonly forgotten = new Map<string, number>();
  private generation = 0;
  /** Reads begun at or before this generation are refused for every event (set when `forgotten` is trimmed). */
  private floor = -1;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = DEFAULT_MAX_ENTRIES,
  ) {}

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  get(eventoId: string): string | undefined {
    const entry = this.entries.get(eventoId);
    if (!entry) return undefined;
    if (entry.expiresAt > this.now()) return entry.json;
    this.entries.delete(eventoId);
    return undefined;
  }

  /** Taken before reading from Redis; pass it back to `remember`. */
  begin(): number {
    return this.generation;
  }

  remember(eventoId: string, json: string, readAt: number): void {
    if (!this.enabled || readAt <= this.floor || (this.forgotten.get(eventoId) ?? -1) >= readAt) return;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(eventoId, { json, expiresAt: this.now() + this.ttlMs });
  }

  forget(eventoId: string): void {
    this.entries.delete(eventoId);
    if (this.forgotten.size >= this.maxEntries) {
      // Trimmed history: refuse every read already in flight instead of trusting it.
      this.forgotten.clear();
      this.floor = this.generation;
    }
    this.forgotten.set(eventoId, this.generation++);
  }
}
