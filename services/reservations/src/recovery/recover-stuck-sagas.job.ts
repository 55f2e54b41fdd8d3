import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import type Redis from 'ioredis';
import { createQueueConnection, queuePrefix } from '@eventflow/redis';
import { CompensationQueue } from './compensation.queue';
import { ReservationsEnv } from '../config/reservations.env';
import { ReservationMetrics } from '../metrics/reservation.metrics';
import { ReservationSagaRunner } from '../saga/reservation-saga.runner';
import { ReservationRepository } from '../database/reservation.repository';
import { SagaClaims } from '../saga/saga-claims';
import { ACTIVE_STATES, ReservationDocument } from '../domain/reservation';
import { ActiveSagaIndex } from '../saga/active-saga.index';

const RECOVERY_QUEUE = 'saga-recovery';
const BATCH = 100;
/** Every this many passes, also scan MongoDB itself (catches sagas the Redis index lost). */
const FULL_SCAN_EVERY = 30;

/**
 * A BullMQ repeatable job (one schedule shared by every instance) that finds sagas stuck in
 * an active state with an expired lease — the process died, a call hung — and drives each
 * forward or compensates it. The lease claim is a conditional update, so two instances
 * never drive the same saga.
 */
@Injectable()
export class RecoverStuckSagasJob implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RecoverStuckSagasJob.name);
  private connections: Redis[] = [];
  private queue?: Queue;
  private worker?: Worker;
  private passes = 0;

  constructor(
    private readonly env: ReservationsEnv,
    private readonly repository: ReservationRepository,
    private readonly runner: ReservationSagaRunner,
    private readonly claims: SagaClaims,
    private readonly compensations: CompensationQueue,
    private readonly index: ActiveSagaIndex,
    private readonly metrics: ReservationMetrics,
  ) {
    metrics.gauge('sagas_requiring_intervention', 'Reservations whose compensation exhausted its retries (all instances)', () =>
      repository.countInState('requiere_intervencion'),
    );
  }

  async onModuleInit(): Promise<void> {
    if (this.env.RESERVATION_JOBS !== 'true') return;
    const prefix = queuePrefix('reservations');
    const [queueConnection, workerConnection] = [createQueueConnection(this.env.REDIS_URL), createQueueConnection(this.env.REDIS_URL)];
    this.connections = [queueConnection, workerConnection];
    for (const c of this.connections) c.on('error', () => undefined);
    this.queue = new Queue(RECOVERY_QUEUE, { connection: queueConnection, prefix });
    await this.queue.upsertJobScheduler(
      'recover-stuck-sagas',
      { every: this.env.RECOVERY_INTERVAL_MS },
      { name: 'recover', opts: { removeOnComplete: true, removeOnFail: true } },
    );
    this.worker = new Worker(RECOVERY_QUEUE, () => this.run(), { connection: workerConnection, prefix, concurrency: 1 });
    this.worker.on('error', () => undefined);
  }

  /** One pass; returns how many sagas it drove. */
  async run(now = new Date()): Promise<number> {
    const fullScan = this.passes++ % FULL_SCAN_EVERY === 0;
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
        if (!reservation || !ACTIVE_STATES.includes(reservation.estado)) return this.index.forget(id);
        if (reservation.lease_until.getTime() >= now.getTime()) return this.index.track(id, reservation.lease_until);
        stuck.push(reservation);
      }),
    );
    return stuck;
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
      else await this.index.forget(id);
      this.logger.log({ reserva_id: id, from: claimed.estado, to: outcome.estado }, 'recovered a stuck saga');
    } finally {
      await this.claims.release(claimed._id, lease);
    }
    return true;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
    for (const c of this.connections) c.disconnect();
  }
}
