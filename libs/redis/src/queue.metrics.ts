import type { Queue } from 'bullmq';
import { Gauge } from 'prom-client';
import type { Registry } from 'prom-client';

const STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** Something whose job scheduler may or may not exist in Redis (see RepeatingJob.isScheduled). */
export interface ScheduledJob {
  readonly scheduler: string;
  isScheduled(): Promise<boolean | undefined>;
}

const perRegistry = new WeakMap<Registry, QueueMetrics>();

/**
 * BullMQ queues and job schedulers as gauges, read when Prometheus scrapes (never on a hot
 * path): jobs per queue and state, and whether each job scheduler exists (a flushed Redis
 * erases them; the alert on a missing one reads this).
 */
export class QueueMetrics {
  private readonly queues = new Map<string, () => Queue | undefined>();
  private readonly jobs = new Map<string, ScheduledJob>();

  private constructor(registry: Registry) {
    const queues = this.queues;
    const jobs = this.jobs;
    new Gauge({
      name: 'eventflow_queue_jobs',
      help: 'BullMQ jobs per queue and state (waiting, active, delayed, failed)',
      labelNames: ['queue', 'state'],
      registers: [registry],
      async collect() {
        this.reset();
        await Promise.all(
          [...queues].map(async ([name, queueOf]) => {
            const counts = await queueOf()
              ?.getJobCounts(...STATES)
              .catch(() => undefined);
            if (counts) for (const state of STATES) this.set({ queue: name, state }, counts[state] ?? 0);
          }),
        );
      },
    });
    new Gauge({
      name: 'eventflow_job_scheduler_present',
      help: 'Whether the job scheduler exists in Redis (1) or not (0); absent where this instance does not run the job',
      labelNames: ['scheduler'],
      registers: [registry],
      async collect() {
        this.reset();
        await Promise.all(
          [...jobs.values()].map(async (job) => {
            const present = await job.isScheduled();
            if (present !== undefined) this.set({ scheduler: job.scheduler }, present ? 1 : 0);
          }),
        );
      },
    });
  }

  static of(registry: Registry): QueueMetrics {
    let metrics = perRegistry.get(registry);
    if (!metrics) perRegistry.set(registry, (metrics = new QueueMetrics(registry)));
    return metrics;
  }

  /** `queue` is read at scrape time: undefined while the queue is not open. */
  watchQueue(name: string, queue: () => Queue | undefined): void {
    this.queues.set(name, queue);
  }

  watchScheduler(job: ScheduledJob): void {
    this.jobs.set(job.scheduler, job);
  }
}
