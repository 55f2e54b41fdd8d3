export type StoreName = 'mongodb' | 'redis';

/**
 * How many operations this process sent to each store and how long it waited for their
 * answers, measured where the caller waits (driver command events, ioredis replies). The
 * bench divides the difference over a run by the sagas it completed.
 */
export class StoreWaitMeter {
  private readonly totals: Record<StoreName, { operations: number; waitMs: number }> = {
    mongodb: { operations: 0, waitMs: 0 },
    redis: { operations: 0, waitMs: 0 },
  };

  record(store: StoreName, waitMs: number): void {
    const total = this.totals[store];
    total.operations++;
    total.waitMs += waitMs;
  }

  snapshot(): Record<StoreName, { operations: number; waitMs: number }> {
    return { mongodb: { ...this.totals.mongodb }, redis: { ...this.totals.redis } };
  }
}

/** One per process: the store clients are created in modules that know nothing of each other. */
export const storeWait = new StoreWaitMeter();
