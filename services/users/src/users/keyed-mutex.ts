/**
 * Runs tasks with the same key one after another (different keys run in parallel).
 *
 * Why: FerretDB v1 applies an update as read-modify-write without isolation, so two
 * concurrent updates of one document lose one of them (measured: 100 parallel `$set`s of
 * distinct keys on one document left 5). Serializing a user's history writes here keeps
 * them intact within this process; MongoDB needs none of it, but is not hurt by it.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await result;
    } finally {
      // Forget the key once nothing else queued behind this task.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  get size(): number {
    return this.tails.size;
  }
}
