import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { MetricsRegistry } from '@eventflow/metrics';
import { queuePrefix, RepeatingJob } from '@eventflow/redis';
import { EventsEnv } from '../config/events.env';
import { ReconcileInventoryJob } from './reconcile-inventory.job';

/** Runs ReconcileInventoryJob every RECONCILE_INTERVAL_MS: one run per interval across all instances. */
@Injectable()
export class ReconciliationScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly job: RepeatingJob;

  constructor(env: EventsEnv, reconciliation: ReconcileInventoryJob, @Optional() metrics?: MetricsRegistry) {
    this.job = new RepeatingJob({
      scheduler: 'reconcile-inventory',
      queue: 'inventory-reconciliation',
      jobName: 'reconcile',
      redis: env,
      prefix: queuePrefix('events'),
      everyMs: env.RECONCILE_INTERVAL_MS,
      run: () => reconciliation.run(),
      removeOnComplete: 10,
      removeOnFail: 50,
      log: new Logger(ReconciliationScheduler.name),
      metrics,
    });
  }

  onApplicationBootstrap(): Promise<void> {
    return this.job.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  /** Whether the schedule exists in Redis (undefined when this instance cannot tell). */
  isScheduled(): Promise<boolean | undefined> {
    return this.job.isScheduled();
  }
}
