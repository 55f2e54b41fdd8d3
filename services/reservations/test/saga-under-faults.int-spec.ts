import { MongoNetworkTimeoutError } from 'mongodb';
import { mongo } from 'mongoose';
import { waitUntil } from '@eventflow/testing';
import { ReservationChain } from '../src/chain/reservation.chain';
import { InMemoryWaitingLists, InMemoryWaitingRooms } from '../src/ports/ports.fakes';
import { ReservationsEnv } from '../src/config/reservations.env';
import { ReservationSagaJournal } from '../src/database/saga-journal';
import { LeaseLostError } from '../src/domain/lease';
import { ReservationDocument } from '../src/domain/reservation';
import { ReservationMetrics } from '../src/metrics/reservation.metrics';
import { CompensationQueue } from '../src/recovery/compensation.queue';
import { CompensationWorker } from '../src/recovery/compensation.worker';
import { ActiveSagaIndex } from '../src/saga/active-saga.index';
import { RecoverStuckSagasJob } from '../src/recovery/recover-stuck-sagas.job';
import { CancelReservationUseCase } from '../src/reservations/cancel-reservation.use-case';
import { RedriveCompensationUseCase } from '../src/reservations/redrive-compensation.use-case';
import { ReservationSagaRunner } from '../src/saga/reservation-saga.runner';
import { EVENT, sagaStores, sagaSystem, USER } from './saga-system';

const FAN = { kind: 'fan', userId: USER } as const;

/**
 * The saga's promises when a store or a call misbehaves, each defect of the review
 * (`correctness-b50e497.md`) reproduced through a seam of our own ports, on real FerretDB and Redis.
 */
describe('the reservation saga under faults', () => {
  const stores = sagaStores('saga_under_faults');

  const system = (options: Parameters<typeof sagaSystem>[2] = {}) => sagaSystem(stores.connection, stores.redis, options);

  it('H3: a saga slower than its lease holds it the whole time, confirms, and no other run can take it over', async () => {
    const s = system({ env: { SAGA_LEASE_MS: 600, PAYMENT_LATENCY_MS: 300, PAYMENT_TIMEOUT_MS: 500 } });
    s.inventory.latencyMs = 300; // reserve + pay + commit ≈ 900 ms > the 600 ms lease
    const started = Date.now();
    let settled = false;
    const running = s.reserve(2).finally(() => (settled = true));
    await waitUntil(async () => (await stores.connection.collection('reservations').countDocuments()) === 1, { description: 'stored' });
    const [stored] = await stores.connection.collection<ReservationDocument>('reservations').find().toArray();
    const lock = `eventflow:reservations:{sagas}:lock:${stored._id.toHexString()}`;
    await waitUntil(async () => (await stores.redis.pttl(lock)) > 0, { intervalMs: 5, description: 'the run’s lock' });
    // Sample the lock while the saga runs: it must never lapse, so recovery never sees it free.
    const ttls: number[] = [];
    let takenOver = false;
    await waitUntil(
      async () => {
        if (settled) return true;
        const ttl = await stores.redis.pttl(lock);
        const stolen = await s.claims.lock(stored._id, { owner: 'recovery', ms: 600 });
        // Counted only while the saga still runs (it gives the lock back once confirmed).
        if ((await s.repository.findById(stored._id.toHexString()))?.estado !== 'pendiente') return true;
        ttls.push(ttl);
        takenOver ||= stolen;
        return false;
      },
      { timeoutMs: 10_000, intervalMs: 20, description: 'the saga to finish' },
    );
    const { outcome } = await running;
    expect(Date.now() - started).toBeGreaterThan(600);
    expect(outcome.estado).toBe('confirmada');
    expect(Math.min(...ttls)).toBeGreaterThan(0);
    expect(takenOver).toBe(false);
    expect(s.inventory.sold.get(stored._id.toHexString())).toBe(2);
  });

  it('H3: a charge that never answers is bounded by the payment deadline and undone (the refund voids it)', async () => {
    const s = system({ env: { SAGA_LEASE_MS: 5_000, PAYMENT_LATENCY_MS: 60_000, PAYMENT_TIMEOUT_MS: 200 } });
    const { outcome, id, stored } = await s.reserve(1);
    expect(outcome.estado).toBe('fallida');
    expect(stored).toMatchObject({ motivo: 'dependencia_no_disponible' });
    expect(stored.saga.procesar_pago).toMatchObject({ estado: 'fallido', compensacion: 'completada' });
    expect(await s.payments.status(id)).toBe('voided');
    expect(s.inventory.available).toBe(10);
  });

  it('H3: refuses at start-up a lease shorter than a single call’s deadline', () => {
    const env = Object.assign(new ReservationsEnv(), { SAGA_LEASE_MS: 2_000, RPC_TIMEOUT_MS: 3_000 });
    const { validateSync } = jest.requireActual<typeof import('class-validator')>('class-validator');
    const [problem] = validateSync(env);
    expect(problem.property).toBe('SAGA_LEASE_MS');
    expect(Object.values(problem.constraints ?? {}).join()).toMatch(/RPC_TIMEOUT_MS/);
  });

  it('H4: an insert that reached the store but answered with a timeout is resolved, and the fan is answered the truth', async () => {
    const s = system();
    let failures = 0;
    // A seam in the store: the write lands, then the driver reports a network timeout.
    const ambiguous = {
      insert: async (reservation: ReservationDocument) => {
        await s.repository.insert(reservation);
        if (failures++ === 0) throw new MongoNetworkTimeoutError('socket timed out after the write');
      },
      findById: (id: string) => s.repository.findById(id),
    };
    const chain = new ReservationChain(
      s.env,
      s.catalog,
      s.limits,
      ambiguous as never,
      s.index,
      new InMemoryWaitingRooms(),
      new InMemoryWaitingLists(),
      s.inventory,
    );
    const lease = s.runner.newLease();
    const draft = await chain.run({ usuario_id: USER, evento_id: EVENT, cantidad: 2 }, lease);
    const outcome = await s.runner.start(draft.reservation!, lease, { event: draft.event, limitHeld: true });
    expect(outcome.estado).toBe('confirmada');
    expect(await stores.connection.collection('reservations').countDocuments()).toBe(1);
    expect(await s.limitTotal()).toBe(2);
  });

  it('L10: a journal write whose fence changed after the check does not overwrite the new owner’s state', async () => {
    const s = system();
    const { id } = await s.reserve(1);
    const reservation = (await s.repository.findById(id))!;
    await stores.connection.collection('reservations').updateOne({ _id: reservation._id }, { $set: { lease_owner: 'recovery' } });
    // The check said "still ours" (the race), and the fence rides in the update filter.
    const stale = new ReservationSagaJournal(
      stores.connection.collection('reservations'),
      reservation,
      { owner: 'zombie', ms: 1_000 },
      { stillOwned: async () => true, handBack: async () => true },
      true,
    );
    await expect(stale.record({ phase: 'compensated', steps: {} })).rejects.toBeInstanceOf(LeaseLostError);
    expect((await s.repository.findById(id))!.estado).toBe('confirmada');
  });

  function cancellation(s: ReturnType<typeof system>) {
    const index = new ActiveSagaIndex(stores.redis);
    return new CancelReservationUseCase(s.repository, s.runner, s.claims, new ReservationMetrics(), index, s.catalog);
  }

  it('L5: a DELETE that loses the lock race answers the cancellation the other request started, not a stale state', async () => {
    const s = system();
    const { id } = await s.reserve(2);
    const other = s.runner.newLease();
    await s.claims.lock(new mongo.ObjectId(id), other);
    setTimeout(() => void s.repository.beginCancellation(id, other), 200);
    const answer = await cancellation(s).execute(FAN, id);
    expect(answer).toMatchObject({ done: false, view: { estado: 'cancelando' } });
  });

  it('L5: a DELETE whose run loses its lease mid-cancellation answers 202 with what the store shows, never a 500', async () => {
    const s = system();
    const { id } = await s.reserve(2);
    // Recovery takes the saga over while the release runs: the run's next journal write is refused.
    s.inventory.duringRelease = async () => {
      await stores.redis.set(`eventflow:reservations:{sagas}:lock:${id}`, 'recovery', 'PX', 30_000);
      await stores.connection.collection('reservations').updateOne({ _id: new mongo.ObjectId(id) }, { $set: { lease_owner: 'recovery' } });
    };
    const answer = await cancellation(s).execute(FAN, id);
    expect(answer).toMatchObject({ done: false, view: { reserva_id: id, estado: 'cancelando' } });
  });

  function recoveryJob(s: ReturnType<typeof system>, index: ActiveSagaIndex) {
    const queue = new CompensationQueue(s.env, new ReservationMetrics());
    const job = new RecoverStuckSagasJob(s.env, s.repository, s.runner, s.claims, queue, index, new ReservationMetrics(), s.limits);
    return { job, queue };
  }

  /** A pending saga whose process died mid-way: its lease has run out and nobody drives it. */
  async function aCrashedSaga(s: ReturnType<typeof system>) {
    const lease = s.runner.newLease();
    const draft = await s.chain.run({ usuario_id: USER, evento_id: EVENT, cantidad: 1 }, lease);
    await stores.connection
      .collection('reservations')
      .updateOne({ _id: draft.reservation!._id }, { $set: { lease_until: new Date(Date.now() - 1) } });
    return draft.reservaId;
  }

  it('A2: the recovery schedule comes back by itself after Redis is flushed', async () => {
    const s = system({ env: { REDIS_URL: stores.redisServer.url, RECOVERY_INTERVAL_MS: 200 } });
    const { job, queue } = recoveryJob(s, new ActiveSagaIndex(stores.redis));
    await job.onApplicationBootstrap();
    try {
      await waitUntil(async () => (await job.isScheduled()) === true, { description: 'the schedule' });
      await stores.redis.flushall();
      await waitUntil(async () => (await job.isScheduled()) === true, { timeoutMs: 15_000, description: 'the schedule again' });
    } finally {
      await job.onApplicationShutdown();
      await queue.onApplicationShutdown();
    }
  });

  it('A2, A4: after Redis lost the active-saga index, the next check scans MongoDB and settles the stranded saga', async () => {
    const s = system({ env: { REDIS_URL: stores.redisServer.url, RESERVATION_JOBS: 'false' } });
    const index = new ActiveSagaIndex(stores.redis);
    const { job, queue } = recoveryJob(s, index);
    try {
      const reservaId = await aCrashedSaga(s);
      await index.track(reservaId, new Date());
      await job.run(); // the first pass of a process scans MongoDB anyway; the one after a loss must too
      const stranded = await aCrashedSaga(s);
      await index.track(stranded, new Date());
      await stores.redis.flushall();
      expect(await job.run()).toBe(0); // the index is empty now
      expect(await job.watchIndex()).toBe(true);
      expect((await s.repository.findById(stranded))?.estado).toBe('confirmada');
      expect(await job.watchIndex()).toBe(false);
    } finally {
      await queue.onApplicationShutdown();
    }
  });

  it('A4: an index entry Redis refused is written again once Redis answers', async () => {
    const index = new ActiveSagaIndex(stores.redis);
    const reservaId = new mongo.ObjectId().toHexString();
    await stores.redis.config('SET', 'maxmemory', '1');
    await stores.redis.config('SET', 'maxmemory-policy', 'noeviction');
    try {
      await expect(index.track(reservaId, new Date())).rejects.toThrow(/OOM|EXECABORT/);
    } finally {
      await stores.redis.config('SET', 'maxmemory', '0');
    }
    await waitUntil(async () => (await stores.redis.zscore('eventflow:reservations:{sagas}:active', reservaId)) !== null, {
      description: 'the entry written again',
    });
    index.onModuleDestroy();
  });

  it('H2: after Redis restarts from an older snapshot, a fan cannot buy past the limit on the counts it forgot', async () => {
    const s = system({ available: 30 });
    await s.reserve(1); // the event's counters exist now
    await stores.redis.save(); // the snapshot Redis will come back from
    await s.reserve(4);
    await s.reserve(4); // 9 tickets, confirmed in MongoDB
    await stores.redisServer.stop();
    await stores.redisServer.start();
    await waitUntil(async () => stores.redis.status === 'ready', { description: 'the client reconnected' });
    expect(await s.limitTotal()).toBe(1); // Redis forgot two purchases
    await expect(s.reserve(2)).rejects.toMatchObject({ extra: { motivo: 'limite_de_compra' } });
    expect((await s.reserve(1)).outcome.estado).toBe('confirmada');
    expect(await s.limitTotal()).toBe(10);
  });

  it('L11: recovery gives back the purchase-limit hold of a reservation that was never stored', async () => {
    const s = system({
      env: { REDIS_URL: stores.redisServer.url, RESERVATION_JOBS: 'false', SAGA_LEASE_MS: 1, PAYMENT_TIMEOUT_MS: 5_000 },
    });
    const { job, queue } = recoveryJob(s, s.index);
    try {
      // The process dies between the hold and the insert: the insert never happens.
      const chain = new ReservationChain(
        s.env,
        s.catalog,
        s.limits,
        { insert: () => new Promise(() => undefined), findById: async () => null } as never,
        s.index,
        new InMemoryWaitingRooms(),
        new InMemoryWaitingLists(),
        s.inventory,
      );
      void chain.run({ usuario_id: USER, evento_id: EVENT, cantidad: 3 }, s.runner.newLease());
      await waitUntil(async () => (await s.limitTotal()) === 3, { description: 'the hold taken' });
      await waitUntil(async () => (await job.run(), (await s.limitTotal()) === 0), { description: 'the hold given back' });
    } finally {
      await queue.onApplicationShutdown();
    }
  });

  it('M2: an operator re-drives a compensation that exhausted its retries, and it settles', async () => {
    const env = {
      REDIS_URL: stores.redisServer.url,
      COMPENSATION_ATTEMPTS: 2,
      COMPENSATION_BACKOFF_MS: 20,
      COMPENSATION_BACKOFF_MAX_MS: 40,
    };
    const s = system({ env });
    const queue = new CompensationQueue(s.env, new ReservationMetrics());
    const metrics = new ReservationMetrics();
    const runner = new ReservationSagaRunner(s.env, s.repository, queue, metrics, s.claims, s.limits, ...s.ports);
    const worker = new CompensationWorker(s.env, queue, runner, s.repository, s.claims, metrics);
    worker.onModuleInit();
    try {
      s.inventory.failReleases = true;
      const lease = runner.newLease();
      const { id } = await s.reserve(1, true, runner, lease);
      await waitUntil(async () => (await s.repository.findById(id))?.estado === 'requiere_intervencion', {
        timeoutMs: 20_000,
        description: 'requiere_intervencion',
      });
      s.inventory.failReleases = false; // the operator fixed the events service
      const redrive = new RedriveCompensationUseCase(s.repository, queue, s.claims, runner, metrics);
      expect((await redrive.execute(id)).estado).toBe('compensando');
      await waitUntil(async () => (await s.repository.findById(id))?.estado === 'fallida', { timeoutMs: 20_000, description: 'fallida' });
      expect(s.inventory.available).toBe(10);
      await expect(redrive.execute(id)).rejects.toMatchObject({ code: 'RESERVATION.NOT_AWAITING_INTERVENTION' });
    } finally {
      await worker.onApplicationShutdown();
      await queue.deadLetters.obliterate({ force: true });
      await queue.onApplicationShutdown();
    }
  });
});
