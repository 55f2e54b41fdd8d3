import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { errorMessage, RepeatingJob } from '@eventflow/redis';
import { CompensationQueue } from './compensation.queue';
import { ReservationsEnv } from '../config/reservations.env';
import { ReservationMetrics } from '../metrics/reservation.metrics';
import { ReservationSagaRunner } from '../saga/reservation-saga.runner';
import { ReservationRepository } from '../database/reservation.repository';
import { SagaClaims } from '../saga/saga-claims';
import { ACTIVE_STATES, ReservationDocument } from '../domain/reservation';
import { PurchaseLimitStore } from '../ports/purchase-limit.port';
import { ActiveSagaIndex } from '../saga/active-saga.index';
import { reservationsJob } from './reservations-job';

const BATCH = 100;
/**
 * Every this many passes, also scan MongoDB itself: the backstop for an index entry lost while
 * the process that wrote it died too (the index watch below catches every loss it lives through).
 */
const FULL_SCAN_EVERY = 30;

/**
 * A repeating job (one run per interval across every instance, its schedule re-asserted on every
 * tick so a Redis flush cannot erase it: A2) that finds sagas stuck in an active state with an
 * expired lease — the process died, a call hung — and drives each forward or compensates it. The
 * claim is a Redis lock, so two instances never drive the same saga. Each instance also watches
 * the index for entries Redis lost (a flush, a restart from an older snapshot, a failover) and
 * then scans MongoDB at once, so a saga is final within lease + interval after any such fault (A4).
 */
@Injectable()
export class RecoverStuckSagasJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RecoverStuckSagasJob.name);
  private readonly job: RepeatingJob;
  private watch?: NodeJS.Timeout;
  private passes = 0;

  constructor(
    private readonly env: ReservationsEnv,
    private readonly repository: ReservationRepository,
    private readonly runner: ReservationSagaRunner,
    private readonly claims: SagaClaims,
    private readonly compensations: CompensationQueue,
    private readonly index: ActiveSagaIndex,
    private readonly metrics: ReservationMetrics,
    private readonly limits: PurchaseLimitStore,
  ) {
    metrics.gauge('sagas_requiring_intervention', 'Reservations whose compensation exhausted its retries (all instances)', () =>
      repository.countInState('requiere_intervencion'),
    );
    // Two recovery passes after its lease ran out, a saga should be final: past that it is overdue.
    metrics.gauge('sagas_overdue', 'Active sagas whose lease expired over two recovery intervals ago (all instances)', () =>
      repository.countStuckSince(new Date(Date.now() - 2 * env.RECOVERY_INTERVAL_MS)),
    );
    this.job = reservationsJob(env, metrics, this.logger, {
      scheduler: 'recover-stuck-sagas',
      queue: 'saga-recovery',
      jobName: 'recover',
      everyMs: env.RECOVERY_INTERVAL_MS,
      run: () => this.run(),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.job.enabled) return;
    await this.job.start();
    this.watch = setInterval(() => void this.watchIndex(), this.env.RECOVERY_INTERVAL_MS);
    this.watch.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.watch) clearInterval(this.watch);
    await this.job.stop();
  }

  /** Whether the recovery schedule exists in Redis (undefined when this instance cannot tell). */
  isScheduled(): Promise<boolean | undefined> {
    return this.job.isScheduled();
  }

  /** Scans MongoDB at once when Redis lost index entries since the last check; true when it did. */
  async watchIndex(): Promise<boolean> {
    try {
      if (!(await this.index.lostWrites())) return false;
      this.logger.warn({}, 'Redis lost active-saga index entries; scanning MongoDB for stuck sagas now');
      await this.run(new Date(), true);
      return true;
    } catch (error) {
      this.logger.warn({ err: errorMessage(error) }, 'could not check the active-saga index');
      return false;
    }
  }

  /** One pass; returns how many sagas it drove. */
  async run(now = new Date(), scanMongo = false): Promise<number> {
    const fullScan = this.passes++ % FULL_SCAN_EVERY === 0 || scanMongo;
    const stuck = fullScan ? await this.repository.findStuck(now, BATCH) : await this.dueFromIndex(now);
    let driven = 0;
    await Promise.all(
      stuck.map(async (reservation) => {
        try {
          if (await this.recover(reservation)) driven++;
        } catch (error) {
          // Left active: the next pass tries again.
          this.logger.warn(
            { reserva_id: reservation._id.toHexString(), err: error instanceof Error ? error.message : error },
            'recovery of a stuck saga failed',
          );
        }
      }),
    );
    return driven;
  }

  /** The index's due entries, each checked against its document (read by `_id`). */
  private async dueFromIndex(now: Date): Promise<ReservationDocument[]> {
    const ids = await this.index.due(now, BATCH);
    const documents = await Promise.all(ids.map((id) => this.repository.findById(id)));
    const stuck: ReservationDocument[] = [];
    await Promise.all(
      ids.map(async (id, i) => {
        const reservation = documents[i];
        if (!reservation) return this.neverStored(id);
        if (!ACTIVE_STATES.includes(reservation.estado)) return this.index.forget(id);
        if (reservation.lease_until.getTime() >= now.getTime()) return this.index.track(id, reservation.lease_until);
        stuck.push(reservation);
      }),
    );
    return stuck;
  }

  /**
   * Watched since its purchase-limit hold, due, and never stored: the process died between the
   * hold and the insert, or the insert did not land (L11). Nothing else would give the hold back.
   */
  private async neverStored(reservaId: string): Promise<void> {
    const owner = await this.index.ownerOf(reservaId);
    if (owner) {
      await this.limits.release(owner.usuarioId, owner.eventoId, reservaId);
      this.metrics.increment('holds_repaired');
      this.logger.warn({ reserva_id: reservaId }, 'gave back a purchase-limit hold whose reservation was never stored');
    }
    await this.index.forget(reservaId);
  }

  private async recover(reservation: ReservationDocument): Promise<boolean> {
    const id = reservation._id.toHexString();
    if (reservation.estado === 'compensando' && (await this.compensations.isScheduled(id))) {
      // Its retries are BullMQ's business; look again after a while.
      await this.index.track(id, new Date(Date.now() + this.env.SAGA_LEASE_MS));
      return false;
    }
    const lease = this.runner.newLease();
    const claimed = await this.claims.claim(reservation._id, ACTIVE_STATES, lease);
    if (!claimed) return false;
    this.metrics.increment('sagas_recovered');
    try {
      const outcome =
        claimed.estado === 'pendiente' ? await this.runner.resume(claimed, lease) : await this.runner.compensate(claimed, lease);
      if (ACTIVE_STATES.includes(outcome.estado)) await this.index.track(id, new Date(Date.now() + this.env.SAGA_LEASE_MS));
      else {
        await this.index.forget(id);
        this.metrics.recoveredToFinal((Date.now() - claimed.creada.getTime()) / 1000);
      }
      this.logger.log({ reserva_id: id, from: claimed.estado, to: outcome.estado }, 'recovered a stuck saga');
    } finally {
      await this.claims.release(claimed._id, lease);
    }
    return true;
  }
}
