import { Injectable, Logger } from '@nestjs/common';
import { errorMessage, RepeatingJob } from '@eventflow/redis';
import { ReservationsEnv } from '../config/reservations.env';
import { ReservationRepository } from '../database/reservation.repository';
import { ReservationState } from '../domain/reservation';
import { ReservationMetrics } from '../metrics/reservation.metrics';
import { InventoryGateway } from '../ports/inventory.port';
import { WaitingListStore } from '../ports/waiting-list.port';
import { reservationsJob, ReservationsJobHost } from './reservations-job';

/** States whose tickets a hold rightly keeps: their saga (or recovery) settles the hold itself. */
const STILL_SETTLING: ReservationState[] = ['pendiente', 'compensando', 'cancelando', 'requiere_intervencion'];

/**
 * The holds only this service can judge, because only it knows its reservations (the review's H1):
 * tickets held in the events service for a reservation that failed, was cancelled or never existed
 * (a reserve that arrived after its saga gave up), each looked at only once it is older than any
 * saga could still be driving it. (Purchase-limit holds whose reservation was never stored are
 * recovery's: it watches every reservation from before its hold.) One run per interval across
 * every instance.
 */
@Injectable()
export class ReconcileHoldsJob extends ReservationsJobHost {
  private readonly logger = new Logger(ReconcileHoldsJob.name);
  protected readonly job: RepeatingJob;
  private readonly settledAfterMs: number;

  constructor(
    env: ReservationsEnv,
    private readonly repository: ReservationRepository,
    private readonly inventory: InventoryGateway,
    private readonly metrics: ReservationMetrics,
    private readonly lists: WaitingListStore,
  ) {
    super();
    this.settledAfterMs = 2 * env.SAGA_LEASE_MS + env.RECOVERY_INTERVAL_MS;
    this.job = reservationsJob(env, metrics, this.logger, {
      scheduler: 'reconcile-holds',
      queue: 'holds-reconciliation',
      jobName: 'reconcile-holds',
      everyMs: env.RECONCILE_HOLDS_INTERVAL_MS,
      run: () => this.run(),
    });
  }

  /** One pass; how many holds it settled. */
  async run(): Promise<number> {
    let settled = 0;
    for (const hold of await this.inventory.staleHolds(this.settledAfterMs)) {
      const reservation = await this.repository.findById(hold.reservaId);
      if (reservation && STILL_SETTLING.includes(reservation.estado)) continue;
      // A waiting-list offer holds tickets for no reservation yet, on purpose, until it runs out.
      if (!reservation && (await this.lists.isOffered(hold.eventoId, hold.reservaId))) continue;
      try {
        // A confirmed reservation's hold is sold (Redis lost the commit); any other is nobody's.
        if (reservation?.estado === 'confirmada') await this.inventory.commit(hold.eventoId, hold.reservaId);
        else await this.inventory.release(hold.eventoId, hold.reservaId);
        settled++;
        this.logger.warn({ reserva_id: hold.reservaId, estado: reservation?.estado ?? 'none' }, 'settled a hold no saga owned');
      } catch (error) {
        this.logger.warn({ reserva_id: hold.reservaId, err: errorMessage(error) }, 'could not settle a stale hold; next run');
      }
    }
    if (settled > 0) this.metrics.increment('holds_repaired', settled);
    return settled;
  }
}
