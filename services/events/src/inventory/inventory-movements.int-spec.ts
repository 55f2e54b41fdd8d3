import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { DependencyUnavailableError } from '@eventflow/errors';
import { RedisLock } from '@eventflow/redis';
import { useRealRedis } from '@eventflow/testing';
import type { EventRepository } from '../events/event.repository';
import { CommitTicketsUseCase } from './commit-tickets.use-case';
import { InventoryCapacity } from './inventory-capacity';
import { InventoryChanges } from './inventory-changes';
import { InventoryLevels } from './inventory-levels';
import { InventoryRebuild } from './inventory-rebuild';
import { HoldSnapshot, InventoryStore } from './inventory.store';
import { RANK, STATE_OF, type LedgerRepository } from './ledger.repository';
import type { LedgerKind } from './ledger.schema';
import { ReconciliationStats } from './reconciliation-stats';
import { ReleaseTicketsUseCase } from './release-tickets.use-case';
import { ReserveTicketsUseCase } from './reserve-tickets.use-case';

/** An in-memory ledger with the real one's uniqueness rule, and a hook to act before a write lands. */
class FakeLedger {
  readonly rows: Array<{ kind: LedgerKind; eventoId: string; reservaId: string; cantidad: number }> = [];
  beforeAppend?: (kind: LedgerKind, reservaId: string) => Promise<void>;

  async append(kind: LedgerKind, eventoId: string, reservaId: string, cantidad: number): Promise<boolean> {
    const hook = this.beforeAppend;
    this.beforeAppend = undefined;
    await hook?.(kind, reservaId);
    if (this.rows.some((r) => r.reservaId === reservaId && r.kind === kind)) return false;
    this.rows.push({ kind, eventoId, reservaId, cantidad });
    return true;
  }

  async holdsOf(eventoId: string): Promise<HoldSnapshot[]> {
    const [rank, state] = [RANK, STATE_OF];
    const byId = new Map<string, HoldSnapshot>();
    for (const row of this.rows.filter((r) => r.eventoId === eventoId)) {
      const known = byId.get(row.reservaId);
      if (!known || rank[state[row.kind]] > rank[known.state])
        byId.set(row.reservaId, { reservaId: row.reservaId, state: state[row.kind], qty: row.cantidad, at: Date.now() });
    }
    return [...byId.values()];
  }

  async kindsOf(reservaId: string): Promise<Map<LedgerKind, number>> {
    return new Map(this.rows.filter((r) => r.reservaId === reservaId).map((r) => [r.kind, r.cantidad]));
  }

  netHeldOrSold(eventoId: string): number {
    const sum = (kind: LedgerKind) =>
      this.rows.filter((r) => r.eventoId === eventoId && r.kind === kind).reduce((n, r) => n + r.cantidad, 0);
    return sum('reserve') - sum('release');
  }
}

/** Reserve, release and commit keep Redis and the ledger in step, on a real Redis. */
describe('inventory movements', () => {
  const realRedis = useRealRedis();
  let redis: Redis;
  let store: InventoryStore;
  let sequence = 0;
  const events = new Map<string, { aforo_total: number; estado: 'activo' }>();
  const eventRepository = { findById: async (id: string) => events.get(id) } as unknown as EventRepository;

  beforeAll(() => {
    Logger.overrideLogger(false);
    redis = realRedis.client;
    store = new InventoryStore(redis, new InventoryChanges());
  });

  /** The inventory's use cases over one ledger, as the module wires them. */
  function inventoryOver(fake: FakeLedger) {
    const ledger = fake as unknown as LedgerRepository;
    const rebuild = new InventoryRebuild(store, ledger, eventRepository, new RedisLock(redis));
    const levels = new InventoryLevels(store, ledger, new ReconciliationStats(redis), rebuild);
    return {
      reserve: (eventoId: string, reservaId: string, cantidad: number) =>
        new ReserveTicketsUseCase(store, ledger, rebuild).execute(eventoId, reservaId, cantidad),
      release: (eventoId: string, reservaId: string) => new ReleaseTicketsUseCase(store, ledger, rebuild).execute(eventoId, reservaId),
      commit: (eventoId: string, reservaId: string) => new CommitTicketsUseCase(store, ledger, rebuild).execute(eventoId, reservaId),
      initialize: (eventoId: string, aforo: number) =>
        new InventoryCapacity(store, eventRepository, rebuild, new RedisLock(redis)).initialize(eventoId, aforo, 'activo'),
      available: (eventoId: string) => levels.available(eventoId),
      rebuild: (eventoId: string) => rebuild.rebuild(eventoId),
    };
  }

  async function setUp(aforo: number) {
    const eventoId = `65b000000000000000${String(++sequence).padStart(6, '0')}`;
    events.set(eventoId, { aforo_total: aforo, estado: 'activo' });
    const ledger = new FakeLedger();
    const inventory = inventoryOver(ledger);
    await inventory.initialize(eventoId, aforo);
    return { eventoId, ledger, inventory };
  }

  it('records a successful reserve once in the ledger, however often it is retried', async () => {
    const { eventoId, ledger, inventory } = await setUp(5);
    expect(await inventory.reserve(eventoId, 'r1', 2)).toEqual({ reserved: true, disponibles: 3 });
    expect(await inventory.reserve(eventoId, 'r1', 2)).toEqual({ reserved: true, disponibles: 3 });
    expect(ledger.rows).toEqual([{ kind: 'reserve', eventoId, reservaId: 'r1', cantidad: 2 }]);
  });

  it('writes nothing to the ledger for a sold-out reserve', async () => {
    const { eventoId, ledger, inventory } = await setUp(1);
    expect(await inventory.reserve(eventoId, 'r1', 2)).toEqual({ reserved: false, reason: 'SOLD_OUT', disponibles: 1 });
    expect(ledger.rows).toEqual([]);
  });

  it('gives the tickets back when the ledger write fails, so a retry can take them again', async () => {
    const { eventoId, ledger, inventory } = await setUp(5);
    ledger.beforeAppend = async () => {
      throw new Error('MongoNetworkError: connection reset');
    };
    await expect(inventory.reserve(eventoId, 'r1', 2)).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(await inventory.available(eventoId)).toBe(5);
    expect(await inventory.reserve(eventoId, 'r1', 2)).toEqual({ reserved: true, disponibles: 3 });
  });

  it('counts a reserve whose ledger write lands after a flush and rebuild exactly once', async () => {
    const { eventoId, ledger, inventory } = await setUp(3);
    ledger.beforeAppend = async () => {
      await redis.flushall();
      await inventory.rebuild(eventoId); // reads the ledger before r1 is in it
    };
    expect(await inventory.reserve(eventoId, 'r1', 2)).toEqual({ reserved: true, disponibles: 1 });
    expect(await inventory.available(eventoId)).toBe(1);
    expect(ledger.netHeldOrSold(eventoId)).toBe(2);
  });

  it('refuses, and releases in the ledger, a reserve lost to a rebuild after its tickets were sold to someone else', async () => {
    const { eventoId, ledger, inventory } = await setUp(1);
    ledger.beforeAppend = async () => {
      await redis.flushall();
      await inventory.rebuild(eventoId);
      expect(await inventory.reserve(eventoId, 'r2', 1)).toEqual({ reserved: true, disponibles: 0 });
    };
    expect(await inventory.reserve(eventoId, 'r1', 1)).toEqual({ reserved: false, reason: 'SOLD_OUT', disponibles: 0 });
    expect(ledger.netHeldOrSold(eventoId)).toBe(1);
    expect(await inventory.available(eventoId)).toBe(0);
  });

  it('releases once, answers a second release alike to an unknown one, and keeps the ledger in step', async () => {
    const { eventoId, ledger, inventory } = await setUp(5);
    await inventory.reserve(eventoId, 'r1', 2);
    expect(await inventory.release(eventoId, 'r1')).toEqual({ released: true, disponibles: 5 });
    expect(await inventory.release(eventoId, 'r1')).toEqual({ released: false, disponibles: 5 });
    expect(await inventory.release(eventoId, 'unknown')).toEqual({ released: false, disponibles: 5 });
    // The unknown one leaves its tombstone in the ledger too (nothing to give back: 0 tickets).
    expect(ledger.rows.map((r) => [r.reservaId, r.kind, r.cantidad])).toEqual([
      ['r1', 'reserve', 2],
      ['r1', 'release', 2],
      ['unknown', 'release', 0],
    ]);
  });

  it('settles a reservation only the ledger knows about when it is released', async () => {
    const { eventoId, ledger, inventory } = await setUp(5);
    ledger.rows.push({ kind: 'reserve', eventoId, reservaId: 'phantom', cantidad: 2 });
    expect(await inventory.release(eventoId, 'phantom')).toEqual({ released: false, disponibles: 5 });
    expect(ledger.netHeldOrSold(eventoId)).toBe(0);
  });

  it('rebuilds a missing counter from aforo_total minus held and sold tickets in the ledger', async () => {
    const { eventoId, inventory } = await setUp(10);
    await inventory.reserve(eventoId, 'held', 2);
    await inventory.reserve(eventoId, 'sold', 3);
    await inventory.commit(eventoId, 'sold');
    await inventory.reserve(eventoId, 'gone', 4);
    await inventory.release(eventoId, 'gone');
    await redis.flushall();
    const rebuilt = await Promise.all([inventory.available(eventoId), inventory.available(eventoId), inventory.available(eventoId)]);
    expect(rebuilt).toEqual([5, 5, 5]);
    expect(await inventory.commit(eventoId, 'sold')).toEqual({ committed: true });
    expect(await inventory.reserve(eventoId, 'gone', 4)).toMatchObject({ reserved: false, reason: 'RESERVATION_RELEASED' });
  });

  it('answers EVENT_NOT_FOUND for an event that does not exist', async () => {
    const inventory = inventoryOver(new FakeLedger());
    expect(await inventory.reserve('65b0000000000000000fffff', 'r1', 1)).toEqual({
      reserved: false,
      reason: 'EVENT_NOT_FOUND',
      disponibles: 0,
    });
  });
});
