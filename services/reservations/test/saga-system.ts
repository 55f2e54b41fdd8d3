import Redis from 'ioredis';
import { Logger } from '@nestjs/common';
import mongoose, { Connection } from 'mongoose';
import { RunningStore, startFerretDb, startRedis } from '@eventflow/testing';
import { RedisLock } from '@eventflow/redis';
import { EventSnapshot } from '@eventflow/contracts';
import { SimulatedPaymentGateway } from '../src/adapters/simulated-payment.gateway';
import { purchaseLimitKeys, RedisPurchaseLimitStore } from '../src/adapters/redis-purchase-limit.store';
import { ReservationChain } from '../src/chain/reservation.chain';
import { InMemoryWaitingLists, InMemoryWaitingRooms } from '../src/ports/ports.fakes';
import { ReservationsEnv } from '../src/config/reservations.env';
import { ReservationRepository } from '../src/database/reservation.repository';
import { ReservationMetrics } from '../src/metrics/reservation.metrics';
import { EventCatalog } from '../src/ports/event-catalog.port';
import { InventoryGateway, ReserveOutcome } from '../src/ports/inventory.port';
import { PurchaseHistory } from '../src/ports/purchase-history.port';
import { UserDirectory } from '../src/ports/user-directory.port';
import { CompensationScheduler } from '../src/saga/compensation-scheduler';
import { ActiveSagaIndex } from '../src/saga/active-saga.index';
import { ReservationSagaRunner } from '../src/saga/reservation-saga.runner';
import { SagaClaims } from '../src/saga/saga-claims';

export class FakeInventory extends InventoryGateway {
  held = new Map<string, number>();
  sold = new Map<string, number>();
  failReleases = false;
  /** How long each call takes (a slow events service), and a hook run inside every release. */
  latencyMs = 0;
  duringRelease?: () => Promise<void>;
  constructor(public available: number) {
    super();
  }
  private async slow(): Promise<void> {
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
  }
  async reserve(_e: string, id: string, cantidad: number): Promise<ReserveOutcome> {
    await this.slow();
    if (this.held.has(id) || this.sold.has(id)) return { reserved: true };
    if (this.available < cantidad) return { reserved: false, reason: 'entradas_insuficientes', disponibles: this.available };
    this.available -= cantidad;
    this.held.set(id, cantidad);
    return { reserved: true };
  }
  async release(_e: string, id: string): Promise<void> {
    await this.duringRelease?.();
    if (this.failReleases) throw new Error('events service down');
    const q = this.held.get(id) ?? this.sold.get(id);
    if (q === undefined) return;
    this.held.delete(id);
    this.sold.delete(id);
    this.available += q;
  }
  async staleHolds(): Promise<{ eventoId: string; reservaId: string; cantidad: number }[]> {
    return [...this.held].map(([reservaId, cantidad]) => ({ eventoId: EVENT, reservaId, cantidad }));
  }
  async commit(_e: string, id: string): Promise<boolean> {
    await this.slow();
    const q = this.held.get(id);
    if (q === undefined) return this.sold.has(id);
    this.held.delete(id);
    this.sold.set(id, q);
    return true;
  }
}

export class FakeHistory extends PurchaseHistory {
  entries = new Map<string, string>();
  async append(p: { usuario_id: string; reserva_id: string }): Promise<boolean> {
    this.entries.set(p.reserva_id, p.usuario_id);
    return true;
  }
  async remove(_u: string, reservaId: string): Promise<void> {
    this.entries.delete(reservaId);
  }
}

export const USER = 'aaaaaaaaaaaaaaaaaaaaaaaa';
export const EVENT = 'bbbbbbbbbbbbbbbbbbbbbbbb';
export const event: EventSnapshot = {
  evento_id: EVENT,
  nombre: 'Concierto',
  fecha: new Date(Date.now() + 86_400_000).toISOString(),
  estado: 'activo',
  precio: 25.5,
  aforo_total: 10,
  entradas_disponibles: 10,
};

/**
 * One reservations saga wired to the real stores (FerretDB and Redis) with the other services
 * replaced by fakes of our own ports: what the integration specs of the saga drive.
 */
export function sagaSystem(connection: Connection, redis: Redis, options: { available?: number; env?: Partial<ReservationsEnv> } = {}) {
  const env = Object.assign(new ReservationsEnv(), { SAGA_LEASE_MS: 30_000, STEP_ATTEMPTS: 1, NODE_ENV: 'test' }, options.env);
  const repository = new ReservationRepository(connection);
  const limits = new RedisPurchaseLimitStore(redis, repository, new RedisLock(redis));
  const inventory = new FakeInventory(options.available ?? 10);
  const history = new FakeHistory();
  const scheduled: string[] = [];
  const scheduler = new (class extends CompensationScheduler {
    async schedule(id: string) {
      scheduled.push(id);
    }
  })();
  const users = new (class extends UserDirectory {
    async exists() {
      return true;
    }
  })();
  // Like the events service, the snapshot shows the live availability.
  const catalog = new (class extends EventCatalog {
    async get() {
      return { ...event, aforo_total: options.available ?? 10, entradas_disponibles: inventory.available };
    }
  })();
  const payments = new SimulatedPaymentGateway(redis, env);
  const claims = new SagaClaims(new RedisLock(redis), repository);
  const runner = new ReservationSagaRunner(
    env,
    repository,
    scheduler,
    new ReservationMetrics(),
    claims,
    limits,
    users,
    catalog,
    inventory,
    payments,
    history,
  );
  const index = new ActiveSagaIndex(redis);
  const chain = new ReservationChain(
    env,
    catalog,
    limits,
    repository,
    index,
    new InMemoryWaitingRooms(),
    new InMemoryWaitingLists(),
    inventory,
  );
  const reserve = async (cantidad: number, forceDecline = false, using = runner, lease = runner.newLease()) => {
    const draft = await chain.run({ usuario_id: USER, evento_id: EVENT, cantidad, forceDecline }, lease);
    const outcome = await using.start(draft.reservation!, lease, { event: draft.event, limitHeld: true });
    return { outcome, id: draft.reservaId, stored: (await repository.findById(draft.reservaId))! };
  };
  const limitTotal = async () => Number(await redis.hget(purchaseLimitKeys.counter(EVENT, USER), '_total'));
  const ports = [users, catalog, inventory, payments, history] as const;
  return {
    env,
    repository,
    limits,
    inventory,
    history,
    catalog,
    chain,
    index,
    scheduled,
    runner,
    payments,
    reserve,
    limitTotal,
    ports,
    claims,
  };
}

/**
 * Real FerretDB and Redis for one spec file: started before its tests, emptied before each, always
 * stopped. Read `connection` and `redis` inside tests and hooks (they exist once the stores are up).
 */
export function sagaStores(dbName: string): { readonly connection: Connection; readonly redis: Redis; readonly redisServer: RunningStore } {
  const stores = {} as { connection: Connection; redis: Redis; mongo?: RunningStore; redisServer: RunningStore };
  beforeAll(async () => {
    // The dead-letter and recovery paths log errors on purpose; keep the test output clean.
    Logger.overrideLogger(false);
    [stores.mongo, stores.redisServer] = await Promise.all([startFerretDb(), startRedis()]);
    stores.connection = await mongoose.createConnection(stores.mongo.url, { dbName }).asPromise();
    stores.redis = new Redis(stores.redisServer.url);
  }, 60_000);
  afterAll(async () => {
    await stores.connection?.close();
    stores.redis?.disconnect();
    await Promise.all([stores.mongo?.destroy(), stores.redisServer?.destroy()]);
  });
  beforeEach(async () => {
    await stores.redis.flushall();
    await stores.connection.collection('reservations').deleteMany({});
  });
  return stores;
}
