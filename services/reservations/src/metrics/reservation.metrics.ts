import { Injectable } from '@nestjs/common';

export interface Gauge {
  name: string;
  help: string;
  read: () => number | Promise<number>;
}

/**
 * This instance's counters, and the gauges each capability registers for itself (so that this
 * folder depends on none of them). Gauges that span instances are read from the stores.
 */
@Injectable()
export class ReservationMetrics {
  readonly counters = {
    sagas_started: 0,
    sagas_confirmed: 0,
    sagas_failed: 0,
    sagas_compensation_pending: 0,
    sagas_recovered: 0,
    compensations_retried: 0,
    compensations_dead_lettered: 0,
    compensations_redriven: 0,
    holds_repaired: 0,
    cancellations: 0,
    chain_rejections: 0,
  };

  readonly gauges: Gauge[] = [];

  increment(name: keyof ReservationMetrics['counters'], by = 1): void {
    this.counters[name] += by;
  }

  gauge(name: string, help: string, read: Gauge['read']): void {
    this.gauges.push({ name, help, read });
  }
}
