import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Job } from 'bullmq';
import { mongo } from 'mongoose';
import { JobWorker, queuePrefix } from '@eventflow/redis';
import { ReservationsEnv } from '../config/reservations.env';
import { ReservationRepository } from '../database/reservation.repository';
import { ReservationMetrics } from '../metrics/reservation.metrics';
import { ReservationSagaRunner } from '../saga/reservation-saga.runner';
import { SagaClaims } from '../saga/saga-claims';
import { COMPENSATION_QUEUE, compensationBackoff, CompensationJob, CompensationQueue, DeadLetter } from './compensation.queue';

/** Retries a saga's failed compensations; after the last attempt: requiere_intervencion + dead letter. */
@Injectable()
export class CompensationWorker implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(CompensationWorker.name);
  private readonly worker: JobWorker<CompensationJob>;

  constructor(
    env: ReservationsEnv,
    private readonly queue: CompensationQueue,
    private readonly runner: ReservationSagaRunner,
    private readonly repository: ReservationRepository,
    private readonly claims: SagaClaims,
    private readonly metrics: ReservationMetrics,
  ) {
    this.worker = new JobWorker<CompensationJob>({
      queue: COMPENSATION_QUEUE,
      redis: env,
      prefix: queuePrefix('reservations'),
      process: (job) => this.process(job),
      concurrency: 4,
      backoffStrategy: compensationBackoff(env),
      enabled: env.RESERVATION_JOBS === 'true',
      failureMessage: 'a compensation attempt failed; retrying with backoff',
      onFailed: (job, error) => {
        if (job.attemptsMade >= (job.opts.attempts ?? 1)) void this.deadLetter(job, error);
      },
      log: this.logger,
    });
  }

  onModuleInit(): void {
    this.worker.start();
  }

  private async process(job: Job<CompensationJob>): Promise<void> {
    this.metrics.increment('compensations_retried');
    const reservation = await this.repository.findById(job.data.reserva_id);
    if (!reservation || reservation.estado !== 'compensando') return;
    const lease = this.runner.newLease();
    const claimed = await this.claims.claim(reservation._id, ['compensando'], lease);
    if (!claimed) throw new Error('the saga is being driven by another run; retrying later');
    try {
      await this.runner.compensate(claimed, lease, {
        // BullMQ's own backoff is the retry: failing the job schedules the next attempt.
        schedule: (_id, steps) => Promise.reject(new Error(`compensation still failing: ${steps.join(', ')}`)),
      });
    } finally {
      await this.claims.release(claimed._id, lease);
    }
  }

  private async deadLetter(job: Job<CompensationJob>, error: Error): Promise<void> {
    const lease = this.runner.newLease();
    const id = new mongo.ObjectId(job.data.reserva_id);
    // Under the saga's lock (L10): a recovery run finishing the compensation right now must not be overwritten.
    if (!(await this.claims.lock(id, lease).catch(() => false))) return;
    try {
      if (!(await this.repository.markRequiresIntervention(job.data.reserva_id))) return;
      await this.queue.deadLetters.add(
        'requiere_intervencion',
        { ...job.data, error: error.message, failedAt: new Date().toISOString() } satisfies DeadLetter,
        { removeOnComplete: false },
      );
      this.metrics.increment('compensations_dead_lettered');
      this.logger.error(
        { reserva_id: job.data.reserva_id, err: error.message },
        'compensation exhausted its retries: the reservation requires intervention',
      );
    } catch (deadLetterError) {
      // Still 'compensando' in MongoDB: the recovery job will hand it to the queue again.
      const message = deadLetterError instanceof Error ? deadLetterError.message : 'unknown error';
      this.logger.error({ reserva_id: job.data.reserva_id, err: message }, 'could not dead-letter a failed compensation');
    } finally {
      await this.claims.release(id, lease);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker.stop();
  }
}
