import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { DomainError } from '@eventflow/errors';
import { errorMessage, JobWorker, queuePrefix } from '@eventflow/redis';
import { ReservationsEnv } from '../config/reservations.env';
import { ReservationState } from '../domain/reservation';
import { DEAD_LETTER_QUEUE, DeadLetter } from '../recovery/compensation.queue';
import { RedriveCompensationUseCase } from './redrive-compensation.use-case';

/** Why a dead letter is failed on the board: what an operator's Retry does. */
export const AWAITING_OPERATOR = 'awaiting an operator: retry re-drives the compensation';

/** What a re-driven dead letter completes with: the reservation's state after the re-drive. */
export interface DeadLetterOutcome {
  estado: ReservationState;
}

/** Failed without retries; its stack is only the reason: the board shows it, and a stack says nothing to an operator. */
function parked(reason: string): UnrecoverableError {
  const error = new UnrecoverableError(reason);
  error.stack = `${error.name}: ${reason}`;
  return error;
}

/**
 * Bull Board retries only failed jobs, so each new dead letter is parked as failed with the reason
 * above. An operator's Retry puts it back to waiting, and this worker re-drives the compensation the
 * way `POST /api/reservar/:id/compensar` does (the same use case). The job completes once the
 * compensation has its fresh attempts (or the reservation no longer waits for one); otherwise it is
 * parked again, still retryable.
 */
@Injectable()
export class DeadLetterWorker implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(DeadLetterWorker.name);
  private readonly worker: JobWorker<DeadLetter>;

  constructor(
    env: ReservationsEnv,
    private readonly redrive: RedriveCompensationUseCase,
  ) {
    this.worker = new JobWorker<DeadLetter>({
      queue: DEAD_LETTER_QUEUE,
      redis: env,
      prefix: queuePrefix('reservations'),
      process: (job) => this.process(job),
      enabled: env.RESERVATION_JOBS === 'true',
      failureMessage: 'a dead letter is parked until an operator retries it',
      log: this.logger,
    });
  }

  onModuleInit(): void {
    this.worker.start();
  }

  private async process(job: Job<DeadLetter>): Promise<DeadLetterOutcome> {
    // BullMQ counts every failure and a retry (job.retry, what the board calls) keeps the count:
    // a dead letter that never failed is new, one that did was retried by an operator.
    if (job.attemptsMade === 0) throw parked(AWAITING_OPERATOR);
    let estado: ReservationState;
    try {
      estado = (await this.redrive.execute(job.data.reserva_id)).estado;
    } catch (error) {
      // Re-driven another way already (the admin route), and settled since: nothing left to do.
      if (error instanceof DomainError && error.code === 'RESERVATION.NOT_AWAITING_INTERVENTION')
        return { estado: error.extra?.estado as ReservationState };
      throw parked(`${AWAITING_OPERATOR} (the re-drive failed: ${errorMessage(error)})`);
    }
    // Another run held the saga's lock: still waiting for an operator.
    if (estado === 'requiere_intervencion') throw parked(`${AWAITING_OPERATOR} (the saga was busy)`);
    return { estado };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker.stop();
  }
}
