import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { queuePrefix, RepeatingJob, RepeatingJobOptions } from '@eventflow/redis';
import { ReservationsEnv } from '../config/reservations.env';
import { ReservationMetrics } from '../metrics/reservation.metrics';

export type ReservationsJobSchedule = Pick<RepeatingJobOptions, 'scheduler' | 'queue' | 'jobName' | 'everyMs' | 'run'>;

/**
 * A repeating job of the reservations service: one schedule in Redis shared by every instance,
 * on the service's queue prefix, with its queue metrics, and off when RESERVATION_JOBS=false.
 */
export function reservationsJob(
  env: ReservationsEnv,
  metrics: ReservationMetrics,
  log: Logger,
  schedule: ReservationsJobSchedule,
): RepeatingJob {
  return new RepeatingJob({
    ...schedule,
    redis: env,
    prefix: queuePrefix('reservations'),
    enabled: env.RESERVATION_JOBS === 'true',
    log,
    metrics: metrics.registry,
  });
}

/** A provider that runs one such job: started with the application, stopped at its shutdown. */
export abstract class ReservationsJobHost implements OnApplicationBootstrap, OnApplicationShutdown {
  protected abstract readonly job: RepeatingJob;

  onApplicationBootstrap(): Promise<void> {
    return this.job.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }
}
