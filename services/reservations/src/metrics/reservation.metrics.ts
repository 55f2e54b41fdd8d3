import { Injectable } from '@nestjs/common';

/** In-process counters for this instance; gauges that span instances are read from the stores. */
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
    cancellations: 0,
    chain_rejections: 0,
  };

  increment(name: keyof ReservationMetrics['counters'], by = 1): void {
    this.counters[name] += by;
  }
}
