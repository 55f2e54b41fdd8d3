import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { createRedisClient, QueueMetrics, queuePrefix, RedisClient } from '@eventflow/redis';
import { queueTelemetry } from '@eventflow/tracing';
import { ReservationsEnv } from '../config/reservations.env';
import { ReservationMetrics } from '../metrics/reservation.metrics';
import { CompensationScheduler } from '../saga/compensation-scheduler';

export const COMPENSATION_QUEUE = 'saga-compensations';
export const DEAD_LETTER_QUEUE = 'saga-compensations-dead';

export interface CompensationJob {
  reserva_id: string;
  steps: string[];
}

/** A compensation that exhausted its retries, as CompensationWorker dead-letters it. */
export interface DeadLetter extends CompensationJob {
  error: string;
  failedAt: string;
}

const jobIdOf = (reservaId: string) => `compensate-${reservaId}`;

/** The wait before compensation attempt n+1: doubling from the first delay, never above the cap. */
export function compensationBackoff(env: Pick<ReservationsEnv, 'COMPENSATION_BACKOFF_MS' | 'COMPENSATION_BACKOFF_MAX_MS'>) {
  return (attemptsMade: number): number =>
    Math.min(env.COMPENSATION_BACKOFF_MAX_MS, env.COMPENSATION_BACKOFF_MS * 2 ** Math.max(0, Math.min(attemptsMade - 1, 30)));
}

/**
 * Failed compensations go to a BullMQ queue, retried with a capped exponential backoff. The queue
 * is shared by every instance, and one job per reservation exists at a time.
 */
@Injectable()
export class CompensationQueue extends CompensationScheduler implements OnApplicationShutdown {
  private readonly connection: RedisClient;
  readonly queue: Queue<CompensationJob>;
  readonly deadLetters: Queue<DeadLetter>;

  constructor(
    private readonly env: ReservationsEnv,
    metrics: ReservationMetrics,
  ) {
    super();
    this.connection = createRedisClient(env, 'queue');
    this.connection.on('error', () => undefined);
    const prefix = queuePrefix('reservations');
    this.queue = new Queue<CompensationJob>(COMPENSATION_QUEUE, { connection: this.connection, prefix, ...queueTelemetry() });
    this.deadLetters = new Queue<DeadLetter>(DEAD_LETTER_QUEUE, { connection: this.connection, prefix, ...queueTelemetry() });
    // Parked (failed, see DeadLetterWorker) or not yet parked: every dead letter an operator has not re-driven.
    metrics.gauge('compensation_dead_letters', 'Dead letters awaiting an operator (parked as failed, or waiting)', () =>
      this.deadLetters.getJobCountByTypes('waiting', 'paused', 'prioritized', 'delayed', 'active', 'failed'),
    );
    metrics.gauge('compensations_waiting', 'Compensations waiting for a retry', () => this.queue.count());
    const queues = QueueMetrics.of(metrics.registry);
    queues.watchQueue(COMPENSATION_QUEUE, () => this.queue);
    queues.watchQueue(DEAD_LETTER_QUEUE, () => this.deadLetters);
  }

  async schedule(reservaId: string, steps: string[]): Promise<void> {
    await this.queue.add(
      'compensate',
      { reserva_id: reservaId, steps },
      {
        jobId: jobIdOf(reservaId),
        delay: this.env.COMPENSATION_BACKOFF_MS,
        attempts: this.env.COMPENSATION_ATTEMPTS,
        // Doubling from COMPENSATION_BACKOFF_MS, capped (see compensationBackoff): no time box but the attempts.
        backoff: { type: 'capped-exponential' },
        removeOnComplete: true,
        removeOnFail: true,
      },
    );
  }

  /** Re-drives a reservation an operator looked at: a fresh set of attempts, now. */
  async redrive(reservaId: string): Promise<void> {
    await this.queue.remove(jobIdOf(reservaId)).catch(() => 0);
    await this.queue.add(
      'compensate',
      { reserva_id: reservaId, steps: [] },
      {
        jobId: jobIdOf(reservaId),
        attempts: this.env.COMPENSATION_ATTEMPTS,
        backoff: { type: 'capped-exponential' },
        removeOnComplete: true,
        removeOnFail: true,
      },
    );
  }

  async isScheduled(reservaId: string): Promise<boolean> {
    return (await this.queue.getJob(jobIdOf(reservaId))) !== undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.queue.close(), this.deadLetters.close()]);
    this.connection.disconnect();
  }
}
