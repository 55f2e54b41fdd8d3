import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import mongoose, { Connection, mongo } from 'mongoose';
import { RunningStore, startFerretDb, startRedis, waitUntil } from '@eventflow/testing';
import { ReservationMetrics } from '../src/metrics/reservation.metrics';
import { ReconcileHoldsJob } from '../src/recovery/reconcile-holds.job';
import { EVENT, sagaSystem, USER } from './saga-system';

/** Holds no saga will ever settle, found and settled against the reservations behind them (H1, L11). */
describe(ReconcileHoldsJob.name, () => {
  let mongoStore: RunningStore;
  let redisStore: RunningStore;
  let connection: Connection;
  let redis: Redis;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    [mongoStore, redisStore] = await Promise.all([startFerretDb(), startRedis()]);
    connection = await mongoose.createConnection(mongoStore.url, { dbName: 'holds_reconciliation' }).asPromise();
    redis = new Redis(redisStore.url);
  }, 60_000);

  afterAll(async () => {
    await connection?.close();
    redis?.disconnect();
    await Promise.all([mongoStore?.destroy(), redisStore?.destroy()]);
  });

  beforeEach(async () => {
    await redis.flushall();
    await connection.collection('reservations').deleteMany({});
  });

  /** Every hold is old enough at once: a lease of 1 ms (the payment keeps a deadline of its own). */
  function system() {
    const s = sagaSystem(connection, redis, { env: { SAGA_LEASE_MS: 1, RECOVERY_INTERVAL_MS: 1, PAYMENT_TIMEOUT_MS: 5_000 } });
    const job = new ReconcileHoldsJob(s.env, s.repository, s.inventory, s.limits, new ReservationMetrics());
    return { ...s, job };
  }

  it('H1: releases tickets held for a reservation that failed or does not exist, sells a confirmed one’s, leaves a live one alone', async () => {
    const s = system();
    const { id: confirmed } = await s.reserve(1);
    s.inventory.held.set(confirmed, 1); // Redis lost the commit
    s.inventory.sold.delete(confirmed);
    const ghost = new mongo.ObjectId().toHexString();
    await s.inventory.reserve(EVENT, ghost, 2); // a late reserve after its saga gave up
    const live = (await s.chain.run({ usuario_id: USER, evento_id: EVENT, cantidad: 1 }, s.runner.newLease())).reservaId;
    await s.inventory.reserve(EVENT, live, 1); // a saga still running
    expect(await s.job.run()).toMatchObject({ tickets: 2 });
    expect(s.inventory.sold.get(confirmed)).toBe(1);
    expect(s.inventory.held.has(ghost)).toBe(false);
    expect(s.inventory.held.get(live)).toBe(1);
  });

  it('L11: gives back a purchase-limit hold whose reservation was never stored, and keeps those that were', async () => {
    const s = system();
    const { id: stored } = await s.reserve(2);
    const orphan = new mongo.ObjectId().toHexString();
    // The process died between the hold and the insert.
    await s.limits.hold({
      usuarioId: USER,
      eventoId: EVENT,
      reservaId: orphan,
      cantidad: 3,
      max: 10,
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    expect(await s.limitTotal()).toBe(5);
    await waitUntil(async () => (await s.job.run()).limits === 1, { description: 'the orphan released' });
    expect(await s.limitTotal()).toBe(2);
    expect(await s.limits.unsettled(0)).toEqual([]);
    expect(stored).toBeTruthy();
  });
});
