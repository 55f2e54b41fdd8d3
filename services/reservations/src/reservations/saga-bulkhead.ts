import { DependencyUnavailableError } from '@eventflow/errors';

/**
 * Bounds how many reservations one instance works on at once. Beyond that, requests wait
 * in a bounded queue (and beyond that, 503 at once). The stores are the bottleneck under a
 * flash sale: queueing here keeps their queues short, so no store call times out and no saga
 * is left for recovery just because everyone arrived in the same second.
 */
export class SagaBulkhead {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly maxActive: number,
    private readonly maxWaiting: number,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.maxActive) {
      if (this.waiting.length >= this.maxWaiting) {
        throw new DependencyUnavailableError('reservations', 'Too many reservations in progress; try again shortly', 1);
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `active` never dips and overshoots.
      if (next) next();
      else this.active--;
    }
  }

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }
}
