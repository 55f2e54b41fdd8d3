import { Injectable, Logger } from '@nestjs/common';
import { errorMessage, RepeatingJob } from '@eventflow/redis';
import { ReservationsEnv } from '../config/reservations.env';
import { EventCatalog } from '../ports/event-catalog.port';
import { WaitingRoomStore } from '../ports/waiting-room.port';
import { ReservationMetrics } from '../metrics/reservation.metrics';
import { reservationsJob, ReservationsJobHost } from '../recovery/reservations-job';

/**
 * The one admitter: a repeating job (one run per ADMISSION_TICK_MS across every instance) that
 * admits, in every waiting room, the fans due at its `admitidos_por_minuto`, first come first
 * served. The admission itself is one atomic script per room, so a second run (a re-asserted
 * schedule, a slow tick) only splits the same credit: never more than the rate. Each tick applies
 * the event's current settings, so an organizer who raises or lowers the rate mid-sale (or holds
 * the gate at 1 a minute while fans gather, then opens it) is obeyed within a tick; while the
 * events service cannot answer, the room keeps admitting at the settings it has.
 */
@Injectable()
export class AdmitFansJob extends ReservationsJobHost {
  private readonly logger = new Logger(AdmitFansJob.name);
  protected readonly job: RepeatingJob;

  constructor(
    env: ReservationsEnv,
    private readonly rooms: WaitingRoomStore,
    private readonly events: EventCatalog,
    metrics: ReservationMetrics,
  ) {
    super();
    this.job = reservationsJob(env, metrics, this.logger, {
      scheduler: 'admit-fans',
      queue: 'waiting-room-admissions',
      jobName: 'admit',
      everyMs: env.ADMISSION_TICK_MS,
      run: () => this.run(),
    });
  }

  /** One tick over every room; how many fans it admitted. */
  async run(now = Date.now()): Promise<number> {
    let admitted = 0;
    for (const eventoId of await this.rooms.rooms()) {
      try {
        const event = await this.events.get(eventoId).catch(() => undefined);
        const due = await this.rooms.admit(eventoId, now, event?.sala_de_espera?.activa ? event.sala_de_espera : undefined);
        if (due < 0) await this.rooms.forget(eventoId);
        else admitted += due;
      } catch (error) {
        this.logger.warn({ evento_id: eventoId, err: errorMessage(error) }, 'could not admit fans');
      }
    }
    return admitted;
  }
}
