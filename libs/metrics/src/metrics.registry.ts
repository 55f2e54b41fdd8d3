import { collectDefaultMetrics, Counter, Registry } from 'prom-client';
import { storeWait } from './store-wait.meter';

/**
 * One Prometheus registry per service process, served at GET /metrics. Every metric of the
 * service registers here; tests build their own so that they never share counters.
 */
export class MetricsRegistry extends Registry {
  /** The registry a running service exposes: Node runtime metrics and the store-wait meter included. */
  static forService(): MetricsRegistry {
    const registry = new MetricsRegistry();
    collectDefaultMetrics({ register: registry });
    // Gauges named like counters, which promtool refuses; each is the sum of a per-type gauge kept beside it.
    for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'])
      registry.removeSingleMetric(name);
    registerStoreWait(registry);
    return registry;
  }
}

/** The store-wait meter as counters, read at scrape time (the store clients record into it). */
function registerStoreWait(registry: Registry): void {
  new Counter({
    name: 'eventflow_store_operations_total',
    help: 'Operations this process sent to each store',
    labelNames: ['store'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [store, total] of Object.entries(storeWait.snapshot())) this.inc({ store }, total.operations);
    },
  });
  new Counter({
    name: 'eventflow_store_wait_seconds_total',
    help: 'Time this process waited for store replies',
    labelNames: ['store'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [store, total] of Object.entries(storeWait.snapshot())) this.inc({ store }, total.waitMs / 1000);
    },
  });
}
