import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { errorMessage, queuePrefix, RepeatingJob } from '@eventflow/redis';
import { ReservationsEnv } from '../config/reservations.env';
import { ReservationRepository } from '../database/reservation.repository';
import { ReservationState } from '../domain/reservation';
import { ReservationMetrics } from '../metrics/reservation.metrics';
import { InventoryGateway } from '../ports/inventory.port';
import { PurchaseLimitStore } from '../ports/purchase-limit.port';

/** States whose tickets a hold rightly keeps: their saga (or recovery) settles the hold itself. */
const STILL_SETTLING: ReservationState[] = ['pendiente', 'compensando', 'cancelando', 'requiere_intervencion'];

export interface HoldsReconciliation {
  tickets: number;
  limits: number;
}

/**
 * The holds only this service can judge, because only it knows its reservations (the review's H1
 * and L11): tickets held in the events service and purchase-limit holds whose reservation is gone,
 * failed or was never stored (a crash between the hold and the insert, an ambiguous insert that did
 * not land). Each is looked at only once it is older than any saga could still be driving it.
 * One run per interval across every instance.
 */
@Injectable()
export class ReconcileHoldsJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReconcileHoldsJob.name);
  private readonly job: RepeatingJob;
  private readonly settledAfterMs: number;

  constructor(
    env: ReservationsEnv,
    private readonly repository: ReservationRepository,
    private readonly inventory: InventoryGateway,
    private readonly limits: PurchaseLimitStore,
    private readonly metrics: ReservationMetrics,
  ) {
    this.settledAfterMs = 2 * env.SAGA_LEASE_MS + env.RECOVERY_INTERVAL_MS;
    this.job = new RepeatingJob({
      scheduler: 'reconcile-holds',
      queue: 'holds-reconciliation',
      jobName: 'reconcile-holds',
      redisUrl: env.REDIS_URL,
      prefix: queuePrefix('reservations'),
      everyMs: env.RECONCILE_HOLDS_INTERVAL_MS,
      run: () => this.run(),
      enabled: env.RESERVATION_JOBS === 'true',
      log: this.logger,
    });
  }

  onApplicationBootstrap(): Promise<void> {
    return this.job.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  async run(): Promise<HoldsReconciliation> {
    const [tickets, limits] = await Promise.all([this.settleTickets(), this.settleLimits()]);
    if (tickets + limits > 0) this.metrics.increment('holds_repaired', tickets + limits);
    return { tickets, limits };
  }

  private async settleTickets(): Promise<number> {
    let settled = 0;
    for (const hold of await this.inventory.staleHolds(this.settledAfterMs)) {
      const reservation = await this.repository.findById(hold.reservaId);
      if (reservation && STILL_SETTLING.includes(reservation.estado)) continue;
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
    return settled;
  }

  private async settleLimits(): Promise<number> {
    let released = 0;
    for (const hold of await this.limits.unsettled(this.settledAfterMs)) {
      if (await this.repository.findById(hold.reservaId)) {
        await this.limits.stored(hold);
        continue;
      }
      await this.limits.release(hold.usuarioId, hold.eventoId, hold.reservaId);
      released++;
      this.logger.warn({ reserva_id: hold.reservaId }, 'gave back a purchase-limit hold whose reservation was never stored');
    }
    return released;
  }
}
