import { Injectable, Optional } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsRegistry } from '@eventflow/metrics';

type SagaOutcome = 'confirmed' | 'failed' | 'compensation_pending';

/** Counters of this instance, each `eventflow_reservations_<name>_total` (sagas: eventflow_sagas_total). */
const COUNTERS = {
  sagas_started: 'Sagas this instance started',
  sagas_recovered: 'Stuck sagas this instance claimed and drove on (recovery)',
  compensations_retried: 'Compensation retries run from the durable queue',
  compensations_dead_lettered: 'Compensations that exhausted their retries and went to the dead-letter queue',
  compensations_redriven: 'Dead-lettered compensations an admin re-drove',
  holds_repaired: 'Inventory or purchase-limit holds that no saga owned, settled by recovery',
  cancellations: 'Reservations cancelled by their fan or an admin',
  chain_rejections: 'Reservations refused by the chain before any saga started',
} as const;

export type ReservationCounter = keyof typeof COUNTERS | `sagas_${SagaOutcome}`;

/**
 * The reservations service's metrics on the process registry (a private one when built by a
 * test). Gauges are registered by each capability for itself, so this folder depends on none.
 */
@Injectable()
export class ReservationMetrics {
  private readonly counters = new Map<string, { inc(by?: number): void }>();
  private readonly sagas: Counter<'outcome'>;
  private readonly steps: Histogram<'step' | 'action'>;
  private readonly compensations: Counter<'step' | 'result'>;
  private readonly recoveredIn: Histogram;

  constructor(@Optional() readonly registry: MetricsRegistry = new MetricsRegistry()) {
    const registers = [registry];
    for (const [name, help] of Object.entries(COUNTERS))
      this.counters.set(name, new Counter({ name: `eventflow_reservations_${name}_total`, help, registers }));
    this.sagas = new Counter({
      name: 'eventflow_sagas_total',
      help: 'Sagas that ended a run, by outcome',
      labelNames: ['outcome'],
      registers,
    });
    for (const outcome of ['confirmed', 'failed', 'compensation_pending'] as const)
      this.counters.set(`sagas_${outcome}`, this.sagas.labels(outcome));
    this.steps = new Histogram({
      name: 'eventflow_saga_step_duration_seconds',
      help: 'Duration of one saga step attempt, by step and action (execute or compensate)',
      labelNames: ['step', 'action'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.compensations = new Counter({
      name: 'eventflow_saga_compensations_total',
      help: 'Compensations run, by step and result (done or failed)',
      labelNames: ['step', 'result'],
      registers,
    });
    this.recoveredIn = new Histogram({
      name: 'eventflow_saga_recovered_final_seconds',
      help: 'Time from creation to final state of reservations that recovery finished',
      buckets: [1, 5, 15, 30, 60, 120, 300, 900, 3600],
      registers,
    });
  }

  increment(name: ReservationCounter, by = 1): void {
    this.counters.get(name)?.inc(by);
  }

  step(step: string, action: 'execute' | 'compensate', seconds: number, failed: boolean): void {
    this.steps.labels(step, action).observe(seconds);
    if (action === 'compensate') this.compensations.labels(step, failed ? 'failed' : 'done').inc();
  }

  recoveredToFinal(seconds: number): void {
    this.recoveredIn.observe(seconds);
  }

  /** A gauge read at scrape time; `name` becomes eventflow_reservations_<name>. */
  gauge(name: string, help: string, read: () => number | Promise<number>): void {
    const metric = `eventflow_reservations_${name}`;
    // The latest reader wins: a second instance of a capability (tests) does not collide.
    this.registry.removeSingleMetric(metric);
    new Gauge({
      name: metric,
      help,
      registers: [this.registry],
      async collect() {
        this.set(await read());
      },
    });
  }

  /** The current value of a counter (tests, the bench). */
  async value(name: ReservationCounter): Promise<number> {
    const metric = name.startsWith('sagas_') && !(name in COUNTERS) ? 'eventflow_sagas_total' : `eventflow_reservations_${name}_total`;
    const values = (await this.registry.getSingleMetric(metric)?.get())?.values ?? [];
    const outcome = name.replace(/^sagas_/, '');
    return values.filter((v) => metric !== 'eventflow_sagas_total' || v.labels.outcome === outcome).reduce((sum, v) => sum + v.value, 0);
  }
}
