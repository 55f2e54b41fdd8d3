import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import mongoose, { Connection, Model } from 'mongoose';
import { RedisLock } from '@eventflow/redis';
import { RunningStore, startFerretDb, startRedis, waitUntil } from '@eventflow/testing';
import { EventsEnv } from '../config/events.env';
import { EventRepository } from '../events/event.repository';
import { EventDocument, EventSchema } from '../events/event.schema';
import { InventoryCapacity } from './inventory-capacity';
import { InventoryChanges } from './inventory-changes';
import { InventoryRebuild } from './inventory-rebuild';
import { InventoryRestartGuard } from './inventory-restart.guard';
import { CommitTicketsUseCase } from './commit-tickets.use-case';
import { InventoryStore } from './inventory.store';
import { LedgerRepository } from './ledger.repository';
import { LedgerEntry, LedgerEntrySchema, LedgerKind } from './ledger.schema';
import { ReconcileInventoryJob } from './reconcile-inventory.job';
import { ReconciliationStats } from './reconciliation-stats';
import { ReleaseTicketsUseCase } from './release-tickets.use-case';
import { ReserveTicketsUseCase } from './reserve-tickets.use-case';

/** The real ledger with a seam: each append may first run the next hook (a stall, a failure, another request). */
class HookedLedger extends LedgerRepository {
  readonly hooks: ((kind: LedgerKind) => Promise<void>)[] = [];
  override async append(kind: LedgerKind, eventoId: string, reservaId: string, cantidad: number): Promise<boolean> {
    await this.hooks.shift()?.(kind);
    return super.append(kind, eventoId, reservaId, cantidad);
  }
}

/**
 * Overlapping inventory handlers (a caller's deadline is shorter than the handler's, so its
 * retry and its compensation run while the first call is still in progress), on real FerretDB
 * and Redis, interleaved deterministically through the ledger seam: the review's H1 and M2.
 */
describe('ticket movements under faults', () => {
  let mongoStore: RunningStore;
  let redisStore: RunningStore;
  let connection: Connection;
  let redis: Redis;
  let ledger: HookedLedger;
  let store: InventoryStore;
  let events: EventRepository;
  let rebuild: InventoryRebuild;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    [mongoStore, redisStore] = await Promise.all([startFerretDb(), startRedis()]);
    connection = await mongoose.createConnection(mongoStore.url, { dbName: 'movements_under_faults' }).asPromise();
    redis = new Redis(redisStore.url);
    ledger = new HookedLedger(connection.model(LedgerEntry.name, LedgerEntrySchema) as unknown as Model<LedgerEntry>);
    await ledger.onModuleInit();
    store = new InventoryStore(redis, new InventoryChanges());
    events = new EventRepository(connection.model(EventDocument.name, EventSchema) as unknown as Model<EventDocument>);
    rebuild = new InventoryRebuild(store, ledger, events, new RedisLock(redis));
  }, 60_000);

  afterAll(async () => {
    await connection?.close();
    redis?.disconnect();
    await Promise.all([mongoStore?.destroy(), redisStore?.destroy()]);
  });

  const reserve = (eventoId: string, reservaId: string, qty: number) =>
    new ReserveTicketsUseCase(store, ledger, rebuild).execute(eventoId, reservaId, qty);
  const release = (eventoId: string, reservaId: string) => new ReleaseTicketsUseCase(store, ledger, rebuild).execute(eventoId, reservaId);
  const heldInLedger = async (eventoId: string) => LedgerRepository.heldAndSold(await ledger.totals(eventoId)).held;

  async function anEvent(aforo: number): Promise<string> {
    const event = await events.create({
      ...{ nombre: 'Concierto', descripcion: '', fecha: new Date(Date.now() + 86_400_000), lugar: 'Estadio' },
      ...{ aforo_total: aforo, precio: 10, categoria: 'Concierto', organizador_id: 'org1' },
    });
    await new InventoryCapacity(store, events, rebuild, new RedisLock(redis)).initialize(event.id, aforo, 'activo');
    return event.id;
  }

  it('H1: a release that found nothing leaves a tombstone, so a reserve still on its way takes nothing afterwards', async () => {
    const eventoId = await anEvent(10);
    await release(eventoId, 'r1'); // the saga gave up on a reserve that had not arrived yet
    expect(await reserve(eventoId, 'r1', 3)).toMatchObject({ reserved: false, reason: 'RESERVATION_RELEASED' });
    expect((await store.read(eventoId))?.avail).toBe(10);
    expect(await heldInLedger(eventoId)).toBe(0);
    // The tombstone is in the ledger as well, so a rebuild after a flush keeps it.
    await redis.flushall();
    expect(await reserve(eventoId, 'r1', 3)).toMatchObject({ reserved: false, reason: 'RESERVATION_RELEASED' });
  });

  it('H1: a reserve undone after its ledger write failed, overtaken by the saga’s release, leaves no ghost hold', async () => {
    const eventoId = await anEvent(10);
    let landLateWrite: () => void = () => undefined;
    let retry: Promise<unknown> = Promise.resolve();
    // 1. The first call takes the tickets; while its ledger write stalls, the caller's retry comes in…
    ledger.hooks.push(async () => {
      // 2. …finds the hold (HELD), and its own ledger write is queued behind the stall.
      ledger.hooks.push(() => new Promise<void>((resolve) => (landLateWrite = resolve)));
      retry = reserve(eventoId, 'r2', 2).catch((error: unknown) => error);
      await new Promise((resolve) => setImmediate(resolve));
      // 3. The first write then fails: the hold is undone.
      throw new Error('the ledger write timed out');
    });
    await expect(reserve(eventoId, 'r2', 2)).rejects.toThrow();
    // 4. The saga timed out and compensates; 5. the queued write lands, and the retry replays.
    await release(eventoId, 'r2');
    landLateWrite();
    expect(await retry).toMatchObject({ reserved: false, reason: 'RESERVATION_RELEASED' });
    expect((await store.read(eventoId))?.avail).toBe(10);
    expect(await heldInLedger(eventoId)).toBe(0);
  });

  it('H1: an undone hold can still be taken by its own retry', async () => {
    const eventoId = await anEvent(10);
    ledger.hooks.push(async () => {
      throw new Error('the ledger write timed out');
    });
    await expect(reserve(eventoId, 'r3', 2)).rejects.toThrow();
    expect(await reserve(eventoId, 'r3', 2)).toMatchObject({ reserved: true });
    expect(await heldInLedger(eventoId)).toBe(2);
  });

  it('H2: after Redis restarts from an older snapshot, the seats it forgot it had sold are not sold again', async () => {
    const env = Object.assign(new EventsEnv(), { RECONCILE_GRACE_MS: 30_000 });
    const locks = new RedisLock(redis);
    const job = new ReconcileInventoryJob(env, events, ledger, store, new ReconciliationStats(redis), rebuild);
    const restarts = new InventoryRestartGuard(redis, locks, () => job.run(0));
    const guarded = new InventoryRebuild(store, ledger, events, locks, restarts);
    const reserveGuarded = (eventoId: string, reservaId: string, qty: number) =>
      new ReserveTicketsUseCase(store, ledger, guarded).execute(eventoId, reservaId, qty);
    const eventoId = await anEvent(4);
    await restarts.verified();
    await redis.save(); // the snapshot Redis will come back from
    expect(await reserveGuarded(eventoId, 'h2-first', 4)).toMatchObject({ reserved: true });
    await new CommitTicketsUseCase(store, ledger, guarded).execute(eventoId, 'h2-first'); // sold, answered, in the ledger
    await redisStore.stop();
    await redisStore.start();
    await waitUntil(async () => redis.status === 'ready', { description: 'the client reconnected' });
    expect((await store.read(eventoId))?.sold).toBe(0); // Redis forgot the sale
    expect(await reserveGuarded(eventoId, 'h2-second', 1)).toMatchObject({ reserved: false, reason: 'SOLD_OUT' });
    expect(await store.read(eventoId)).toMatchObject({ avail: 0, sold: 4 });
  });

  it('M2: reconciliation never puts back a hold whose release the ledger missed; it records the release', async () => {
    const eventoId = await anEvent(10);
    await reserve(eventoId, 'r4', 4);
    ledger.hooks.push(async () => {
      throw new Error('the ledger write failed');
    });
    await expect(release(eventoId, 'r4')).rejects.toThrow();
    expect((await store.read(eventoId))?.avail).toBe(10); // given back in Redis: the tickets are on sale
    const env = Object.assign(new EventsEnv(), { RECONCILE_GRACE_MS: 0 });
    await new ReconcileInventoryJob(env, events, ledger, store, new ReconciliationStats(redis), rebuild).run();
    expect(await store.read(eventoId)).toMatchObject({ avail: 10, held: 0 });
    expect(await heldInLedger(eventoId)).toBe(0);
  });
});
