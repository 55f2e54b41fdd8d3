import { Injectable, Logger } from '@nestjs/common';
import { errorMessage, RepeatingJob } from '@eventflow/redis';
import { ReservationsEnv } from '../config/reservations.env';
import { ReservationRepository } from '../database/reservation.repository';
import { CancelledEvents } from '../ports/cancelled-events.port';
import { CancelReservationUseCase } from '../reservations/cancel-reservation.use-case';
import { refundProgressOf } from './refund-progress';
import { ReservationMetrics } from '../metrics/reservation.metrics';
import { reservationsJob, ReservationsJobHost } from '../recovery/reservations-job';

/** Confirmed reservations one pass cancels per event, and how many at once: the next pass goes on. */
const PER_PASS = 500;
const AT_ONCE = 8;

/**
 * Refunds every confirmed reservation of a cancelled event through the saga's own compensations
 * (history removal, refund, ticket release, limit give-back), ending each `cancelada` with
 * `motivo: "evento_cancelado"`. One run per interval across every instance (a repeating job), and
 * each reservation is claimed like any cancellation (its saga lock, then confirmada → cancelando
 * in one write), so nothing is refunded twice. Resumable by construction: every pass starts from
 * the reservations' states; one interrupted mid-cancellation is `cancelando`, which recovery
 * finishes, and a failed compensation goes to the retry queue. The events service lists the
 * cancellations still refunding and shows the progress each pass reports.
 */
@Injectable()
export class RefundCancelledEventsJob extends ReservationsJobHost {
  private readonly logger = new Logger(RefundCancelledEventsJob.name);
  protected readonly job: RepeatingJob;

  constructor(
    env: ReservationsEnv,
    private readonly repository: ReservationRepository,
    private readonly events: CancelledEvents,
    private readonly cancellation: CancelReservationUseCase,
    metrics: ReservationMetrics,
  ) {
    super();
    this.job = reservationsJob(env, metrics, this.logger, {
      scheduler: 'refund-cancelled-events',
      queue: 'event-refunds',
      jobName: 'refund',
      everyMs: env.EVENT_REFUNDS_INTERVAL_MS,
      run: () => this.run(),
    });
  }

  /** One pass over every cancellation still refunding; how many reservations it refunded. */
  async run(): Promise<number> {
    let refunded = 0;
    for (const eventoId of await this.events.refunding()) refunded += await this.refundEvent(eventoId);
    return refunded;
  }

  private async refundEvent(eventoId: string): Promise<number> {
    let reservations = await this.repository.statesOfEvent(eventoId);
    const confirmed = reservations.filter((r) => r.estado === 'confirmada').slice(0, PER_PASS);
    let refunded = 0;
    for (let i = 0; i < confirmed.length; i += AT_ONCE) {
      await Promise.all(
        confirmed.slice(i, i + AT_ONCE).map(async ({ _id }) => {
          try {
            const answer = await this.cancellation.cancelBecauseEventCancelled(_id.toHexString());
            if (answer?.done) refunded++;
          } catch (error) {
            // Still confirmed (or now compensating, with its retries queued): a later pass or the queue finishes it.
            this.logger.warn({ reserva_id: _id.toHexString(), evento_id: eventoId, err: errorMessage(error) }, 'refund failed');
          }
        }),
      );
    }
    if (confirmed.length > 0) reservations = await this.repository.statesOfEvent(eventoId);
    const progress = refundProgressOf(reservations);
    await this.events.reportProgress(eventoId, progress);
    if (progress.complete) this.logger.log({ evento_id: eventoId, refunded: progress.refunded }, 'cancelled event fully refunded');
    return refunded;
  }
}
