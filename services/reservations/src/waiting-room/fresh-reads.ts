/**
 * One read per key per `freshMs`: callers within that time share the same promise, a failed read
 * is not reused, and at most `maxKeys` keys are kept (the oldest makes room). For reads a crowd
 * repeats that may be a little stale: an event's settings, a room's progress.
 */
export class FreshReads<T> {
  private readonly reads = new Map<string, { value: Promise<T>; until: number }>();

  constructor(
    private readonly freshMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}

  get(key: string, read: () => Promise<T>): Promise<T> {
    const now = this.now();
    const cached = this.reads.get(key);
    if (cached && cached.until > now) return cached.value;
    const value = read();
    this.reads.set(key, { value, until: now + this.freshMs });
    value.catch(() => {
      if (this.reads.get(key)?.value === value) this.reads.delete(key);
    });
    if (this.reads.size > this.maxKeys) this.reads.delete(this.reads.keys().next().value!);
    return value;
  }
}
