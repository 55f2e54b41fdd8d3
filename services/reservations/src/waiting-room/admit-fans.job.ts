import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { errorMessage, RepeatingJob } from '@eventflow/redis';
import { ReservationsEnv } from '../config/reservations.env';
import { WaitingRoomStore } from '../ports/waiting-room.port';
import { ReservationMetrics } from '../metrics/reservation.metrics';
import { reservationsJob } from '../recovery/reservations-job';

/**
 * The one admitter: a repeating job (one run per ADMISSION_TICK_MS across every instance) that
 * admits, in every waiting room, the fans due at its `admitidos_por_minuto`, first come first
 * served. The admission itself is one atomic script per room, so a second run (a re-asserted
 * schedule, a slow tick) only splits the same credit: never more than the rate.
 */
@Injectable()
export class AdmitFansJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AdmitFansJob.name);
  private readonly job: RepeatingJob;

  constructor(
    env: ReservationsEnv,
    private readonly rooms: WaitingRoomStore,
    metrics: ReservationMetrics,
  ) {
    this.job = reservationsJob(env, metrics, this.logger, {
      scheduler: 'admit-fans',
      queue: 'waiting-room-admissions',
      jobName: 'admit',
      everyMs: env.ADMISSION_TICK_MS,
      run: () => this.run(),
    });
  }

  onApplicationBootstrap(): Promise<void> {
    return this.job.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  /** One tick over every room; how many fans it admitted. */
  async run(now = Date.now()): Promise<number> {
    let admitted = 0;
    for (const eventoId of await this.rooms.rooms()) {
      try {
        const due = await this.rooms.admit(eventoId, now);
        if (due < 0) await this.rooms.forget(eventoId);
        else admitted += due;
      } catch (error) {
        this.logger.warn({ evento_id: eventoId, err: errorMessage(error) }, 'could not admit fans');
      }
    }
    return admitted;
  }
}
