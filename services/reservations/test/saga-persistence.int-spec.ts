import { RedisLock } from '@eventflow/redis';
import { mongo } from 'mongoose';
import { waitUntil } from '@eventflow/testing';
import { RedisPurchaseLimitStore } from '../src/adapters/redis-purchase-limit.store';
import { ReservationsEnv } from '../src/config/reservations.env';
import { LeaseLostError } from '../src/domain/lease';
import { ReservationDocument } from '../src/domain/reservation';
import { ReservationMetrics } from '../src/metrics/reservation.metrics';
import { HeldTicketsSource } from '../src/ports/purchase-limit.port';
import { CompensationQueue } from '../src/recovery/compensation.queue';
import { CompensationWorker } from '../src/recovery/compensation.worker';
import { ReservationSagaRunner } from '../src/saga/reservation-saga.runner';
import { SagaClaims } from '../src/saga/saga-claims';
import { EVENT, event, sagaStores, sagaSystem, USER } from './saga-system';

/**
 * The saga's persistence against the real stores (FerretDB and Redis), with the other
 * services replaced by fakes of our own ports: every write pattern the saga relies on
 * ($set on log paths, lease-fenced updates, conditional claims) is exercised on FerretDB.
 */
describe('reservation saga on FerretDB and Redis', () => {
  const stores = sagaStores('saga_persistence');

  const system = (options: Parameters<typeof sagaSystem>[2] = {}) => sagaSystem(stores.connection, stores.redis, options);

  it('confirms a reservation, recording every step in the document’s saga log', async () => {
    const s = system();
    const { outcome, id, stored } = await s.reserve(2);
    expect(outcome.estado).toBe('confirmada');
    expect(stored).toMatchObject({ estado: 'confirmada', cantidad: 2, precio_unitario: 25.5, monto_total: 51 });
    expect(Object.values(stored.saga).map((r) => r.estado)).toEqual(Array(7).fill('completado'));
    expect(s.inventory.sold.get(id)).toBe(2);
    expect(s.history.entries.get(id)).toBe(USER);
    expect(await s.payments.status(id)).toBe('approved');
    expect(await s.limitTotal()).toBe(2);
  });

  it('a declined payment ends fallida with inventory, history and the purchase limit given back', async () => {
    const s = system();
    const { outcome, id, stored } = await s.reserve(3, true);
    expect(outcome.estado).toBe('fallida');
    expect(stored).toMatchObject({ estado: 'fallida', motivo: 'pago_rechazado' });
    expect(stored.saga.procesar_pago).toMatchObject({ estado: 'fallido' });
    expect(stored.saga.reservar_inventario).toMatchObject({ estado: 'completado', compensacion: 'completada' });
    expect(stored.saga.limite_compra).toMatchObject({ compensacion: 'completada' });
    expect(s.inventory.available).toBe(10);
    expect(s.history.entries.has(id)).toBe(false);
    expect(await s.limitTotal()).toBe(0);
  });

  it('a compensation that fails leaves the reservation compensando and hands it to the retry queue', async () => {
    const s = system();
    s.inventory.failReleases = true;
    const { outcome, id, stored } = await s.reserve(1, true);
    expect(outcome.estado).toBe('compensando');
    expect(stored.saga.reservar_inventario).toMatchObject({ compensacion: 'fallida', compensacion_error: 'events service down' });
    expect(s.scheduled).toEqual([id]);
    // Later, the retry succeeds from the persisted log.
    s.inventory.failReleases = false;
    const lease = s.runner.newLease();
    const claimed = await s.claims.claim(stored._id, ['compensando'], lease);
    expect(claimed).not.toBeNull();
    const retried = await s.runner.compensate(claimed!, lease);
    expect(retried.estado).toBe('fallida');
    expect(s.inventory.available).toBe(10);
  });

  it('retries a failing compensation with backoff, then marks requiere_intervencion and dead-letters it', async () => {
    const env = Object.assign(new ReservationsEnv(), {
      REDIS_URL: stores.redisServer.url,
      COMPENSATION_ATTEMPTS: 3,
      COMPENSATION_BACKOFF_MS: 20,
      NODE_ENV: 'test',
    });
    const queue = new CompensationQueue(env, new ReservationMetrics());
    const s = system({ env: { REDIS_URL: stores.redisServer.url, COMPENSATION_ATTEMPTS: 3, COMPENSATION_BACKOFF_MS: 20 } });
    const metrics = new ReservationMetrics();
    const runner = new ReservationSagaRunner(s.env, s.repository, queue, metrics, s.claims, s.limits, ...s.ports);
    const worker = new CompensationWorker(
      env,
      queue,
      runner,
      s.repository,
      new SagaClaims(new RedisLock(stores.redis), s.repository),
      metrics,
    );
    worker.onModuleInit();
    try {
      s.inventory.failReleases = true;
      const lease = runner.newLease();
      const { id } = await s.reserve(1, true, runner, lease);
      await waitUntil(async () => (await s.repository.findById(id))?.estado === 'requiere_intervencion', {
        timeoutMs: 20_000,
        description: 'requiere_intervencion',
      });
      expect(await metrics.value('compensations_retried')).toBe(3);
      await waitUntil(async () => (await queue.deadLetters.count()) === 1, { timeoutMs: 5_000, description: 'a dead letter' });
      const [dead] = await queue.deadLetters.getJobs(['waiting', 'delayed', 'paused', 'wait']);
      expect(dead.data).toMatchObject({ reserva_id: id, steps: ['reservar_inventario'] });
      expect(await s.repository.countInState('requiere_intervencion')).toBe(1);
    } finally {
      await worker.onApplicationShutdown();
      await queue.deadLetters.obliterate({ force: true });
      await queue.onApplicationShutdown();
    }
  });

  it('resumes a saga from its log after a crash, and only one run may claim it', async () => {
    const s = system();
    const id = new mongo.ObjectId();
    const now = new Date();
    const crashed: ReservationDocument = {
      _id: id,
      usuario_id: USER,
      evento_id: EVENT,
      cantidad: 1,
      precio_unitario: 25.5,
      monto_total: 25.5,
      monto_centavos: 2550,
      fecha_evento: new Date(event.fecha),
      estado: 'pendiente',
      saga: { limite_compra: { estado: 'completado', inicio: now.toISOString(), fin: now.toISOString() } },
      creada: now,
      actualizada: now,
      lease_owner: 'dead-process',
      lease_until: new Date(now.getTime() - 1),
    };
    await s.repository.insert(crashed);
    const claims = new SagaClaims(new RedisLock(stores.redis), s.repository);
    const [first, second] = await Promise.all([
      claims.claim(id, ['pendiente'], s.runner.newLease()),
      claims.claim(id, ['pendiente'], s.runner.newLease()),
    ]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    const winner = (first ?? second)!;
    const lease = { owner: winner.lease_owner, ms: 30_000 };
    const outcome = await s.runner.resume(winner, lease);
    expect(outcome.estado).toBe('confirmada');
    expect(s.inventory.sold.get(id.toHexString())).toBe(1);
    // The dead process's lease no longer lets it write.
    const dead = { owner: 'dead-process', ms: 1_000 };
    await expect(
      s.repository
        .journal(crashed, dead, { stillOwned: () => claims.renew(id, dead), handBack: () => claims.handBack(id, dead) })
        .record({ phase: 'running', steps: {} }),
    ).rejects.toBeInstanceOf(LeaseLostError);
  });

  it('rebuilds a lost purchase-limit counter from MongoDB before deciding', async () => {
    const s = system({ available: 20 });
    await s.reserve(4);
    await s.reserve(4);
    await stores.redis.flushall();
    const over = await s.reserve(3).catch((e: unknown) => e);
    expect(over).toMatchObject({ extra: { motivo: 'limite_de_compra' } });
    await s.reserve(2);
    expect(await s.limitTotal()).toBe(10);
  });

  it('starts a new event’s counters without reading its reservations, and rebuilds lost ones from MongoDB', async () => {
    const reads: string[] = [];
    const source = new (class extends HeldTicketsSource {
      async heldTicketsForEvent(eventoId: string) {
        reads.push(eventoId);
        return [];
      }
    })();
    const limits = new RedisPurchaseLimitStore(stores.redis, source, new RedisLock(stores.redis));
    const eventoId = new mongo.ObjectId().toHexString();
    const hold = (usuarioId: string, reservaId: string, cantidad: number, nothingSold: boolean) =>
      limits.hold({ usuarioId, eventoId, reservaId, cantidad, max: 10, expiresAt: new Date(Date.now() + 86_400_000), nothingSold });
    expect(await hold('fan-1', 'r1', 4, true)).toEqual({ held: true, total: 4 });
    expect(await hold('fan-2', 'r2', 10, true)).toEqual({ held: true, total: 10 });
    expect(await hold('fan-1', 'r3', 7, false)).toEqual({ held: false, total: 4 });
    expect(reads).toEqual([]);
    // Redis lost the counters while the inventory shows tickets taken: MongoDB is read.
    await stores.redis.flushall();
    await hold('fan-1', 'r4', 1, false);
    expect(reads).toEqual([eventoId]);
  });

  it('cancels a confirmed reservation through the same compensations', async () => {
    const s = system();
    const { id } = await s.reserve(2);
    const lease = s.runner.newLease();
    expect(await s.claims.lock(new mongo.ObjectId(id), lease)).toBe(true);
    const claimed = await s.repository.beginCancellation(id, lease);
    const outcome = await s.runner.compensate(claimed!, lease);
    expect(outcome.estado).toBe('cancelada');
    expect(s.inventory.available).toBe(10);
    expect(s.history.entries.has(id)).toBe(false);
    expect(await s.payments.status(id)).toBe('refunded');
    expect(await s.limitTotal()).toBe(0);
    expect(await s.repository.beginCancellation(id, s.runner.newLease())).toBeNull();
  });
});
