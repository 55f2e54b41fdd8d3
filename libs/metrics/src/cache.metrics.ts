import { Counter } from 'prom-client';
import type { Registry } from 'prom-client';

const counters = new WeakMap<Registry, Counter<'cache' | 'result'>>();

/** Hits and misses of one named cache, on the counter every cache of the registry shares. */
export class CacheMetrics {
  private readonly hits: { inc(): void };
  private readonly misses: { inc(): void };

  constructor(registry: Registry, cache: string) {
    let counter = counters.get(registry);
    if (!counter) {
      counter = new Counter({
        name: 'eventflow_cache_requests_total',
        help: 'Cache look-ups by cache and result (hit or miss)',
        labelNames: ['cache', 'result'],
        registers: [registry],
      });
      counters.set(registry, counter);
    }
    this.hits = counter.labels(cache, 'hit');
    this.misses = counter.labels(cache, 'miss');
  }

  hit(): void {
    this.hits.inc();
  }

  miss(): void {
    this.misses.inc();
  }
}
