import type Redis from 'ioredis';
import { RedisLock } from '@eventflow/redis';
import { useRealRedis } from '@eventflow/testing';
import { inventoryKeys, InventoryStore } from './inventory.store';
import { InventoryChanges } from './inventory-changes';

/** The Lua scripts' semantics, against a real Redis. */
describe(InventoryStore.name, () => {
  const realRedis = useRealRedis();
  let redis: Redis;
  let store: InventoryStore;
  let sequence = 0;
  const anEventId = () => `65a000000000000000${String(++sequence).padStart(6, '0')}`;

  beforeAll(() => {
    redis = realRedis.client;
    store = new InventoryStore(redis, new InventoryChanges());
  });

  async function anEvent(aforo: number, estado = 'activo'): Promise<string> {
    const id = anEventId();
    expect(await store.install(id, '', { aforo_total: aforo, estado: estado, revision: 0 }, [])).toBe('INSTALLED');
    return id;
  }

  describe('reserve', () => {
    it('takes tickets and never lets the counter go below zero', async () => {
      const id = await anEvent(5);
      expect(await store.reserve(id, 'r1', 3)).toEqual({ outcome: 'TAKEN', avail: 2, qty: 3 });
      expect(await store.reserve(id, 'r2', 3)).toEqual({ outcome: 'SOLD_OUT', avail: 2, qty: 0 });
      expect(await store.reserve(id, 'r3', 2)).toEqual({ outcome: 'TAKEN', avail: 0, qty: 2 });
      expect(await store.reserve(id, 'r4', 1)).toMatchObject({ outcome: 'SOLD_OUT', avail: 0 });
      expect(await store.read(id)).toEqual({ avail: 0, aforo: 5, held: 5, sold: 0, estado: 'activo' });
    });

    it('lets exactly aforo_total of many concurrent single-ticket reserves through', async () => {
      const id = await anEvent(50);
      const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => store.reserve(id, `c${i}`, 1)));
      expect(answers.filter((a) => a.outcome === 'TAKEN')).toHaveLength(50);
      expect(await redis.get(inventoryKeys(id).avail)).toBe('0');
    });

    it('is idempotent per reserva_id: a retry does not take tickets twice', async () => {
      const id = await anEvent(10);
      await store.reserve(id, 'r1', 4);
      expect(await store.reserve(id, 'r1', 4)).toEqual({ outcome: 'HELD', avail: 6, qty: 4 });
      expect((await store.read(id))?.held).toBe(4);
    });

    it('refuses a reserva_id that was already released', async () => {
      const id = await anEvent(10);
      await store.reserve(id, 'r1', 4);
      await store.release(id, 'r1');
      expect(await store.reserve(id, 'r1', 4)).toMatchObject({ outcome: 'RELEASED', avail: 10 });
    });

    it('refuses new reservations once the event is cancelled, but still recognises an existing one', async () => {
      const id = await anEvent(10);
      await store.reserve(id, 'r1', 1);
      await store.setState(id, 'cancelado', 1);
      expect(await store.reserve(id, 'r2', 1)).toMatchObject({ outcome: 'NOT_ACTIVE', avail: 9 });
      expect(await store.reserve(id, 'r1', 1)).toMatchObject({ outcome: 'HELD' });
    });

    it('asks for a rebuild and changes nothing when the counter is missing', async () => {
      const id = await anEvent(10);
      await redis.del(inventoryKeys(id).avail);
      expect(await store.reserve(id, 'r1', 1)).toMatchObject({ outcome: 'REBUILD' });
      expect(await redis.hlen(inventoryKeys(id).holds)).toBe(0);
    });
  });

  describe('release', () => {
    it('gives the tickets back once; releasing again or an unknown reservation changes nothing and answers alike', async () => {
      const id = await anEvent(10);
      await store.reserve(id, 'r1', 3);
      expect(await store.release(id, 'r1')).toEqual({ outcome: 'RELEASED', avail: 10, qty: 3 });
      expect(await store.release(id, 'r1')).toEqual({ outcome: 'ALREADY', avail: 10, qty: 3 });
      expect(await store.release(id, 'nobody')).toEqual({ outcome: 'UNKNOWN', avail: 10, qty: 0 });
      expect(await store.read(id)).toMatchObject({ avail: 10, held: 0, sold: 0 });
    });

    it('cancels sold tickets once, putting them back on sale, and never lets them be committed or reserved again', async () => {
      const id = await anEvent(10);
      await store.reserve(id, 'r1', 3);
      await store.commit(id, 'r1');
      expect(await store.release(id, 'r1')).toEqual({ outcome: 'CANCELLED', avail: 10, qty: 3 });
      expect(await store.release(id, 'r1')).toEqual({ outcome: 'ALREADY_CANCELLED', avail: 10, qty: 3 });
      expect(await store.read(id)).toMatchObject({ avail: 10, held: 0, sold: 0 });
      expect(await store.commit(id, 'r1')).toMatchObject({ outcome: 'RELEASED' });
      expect(await store.reserve(id, 'r1', 3)).toMatchObject({ outcome: 'RELEASED', avail: 10 });
    });
  });

  describe('commit', () => {
    it('turns a hold into sold tickets, idempotently, without changing availability', async () => {
      const id = await anEvent(10);
      await store.reserve(id, 'r1', 3);
      expect(await store.commit(id, 'r1')).toMatchObject({ outcome: 'COMMITTED', qty: 3 });
      expect(await store.commit(id, 'r1')).toMatchObject({ outcome: 'ALREADY', qty: 3 });
      expect(await store.read(id)).toEqual({ avail: 7, aforo: 10, held: 0, sold: 3, estado: 'activo' });
    });

    it('refuses to commit a released or unknown reservation', async () => {
      const id = await anEvent(10);
      await store.reserve(id, 'r1', 3);
      await store.release(id, 'r1');
      expect((await store.commit(id, 'r1')).outcome).toBe('RELEASED');
      expect((await store.commit(id, 'r2')).outcome).toBe('UNKNOWN');
      expect(await store.read(id)).toMatchObject({ avail: 10, sold: 0 });
    });
  });

  describe('undo of a reserve whose ledger write failed', () => {
    it('erases the hold so that a retry may take the tickets again', async () => {
      const id = await anEvent(10);
      await store.reserve(id, 'r1', 3);
      expect(await store.undoReserve(id, 'r1')).toMatchObject({ outcome: 'UNDONE', avail: 10 });
      expect(await store.reserve(id, 'r1', 3)).toMatchObject({ outcome: 'TAKEN', avail: 7 });
    });
  });

  describe('resize', () => {
    it('grows, or shrinks no lower than held plus sold, moving the counter by the difference', async () => {
      const id = await anEvent(10);
      await store.reserve(id, 'r1', 3);
      await store.reserve(id, 'r2', 2);
      await store.commit(id, 'r2');
      expect(await store.resize(id, 20, 1)).toEqual({ outcome: 'RESIZED', previous: 10, held: 3, sold: 2, previousRevision: 0 });
      expect((await store.read(id))?.avail).toBe(15);
      expect((await store.resize(id, 4, 2)).outcome).toBe('TOO_SMALL');
      expect(await store.resize(id, 5, 2)).toMatchObject({ outcome: 'RESIZED', previous: 20, previousRevision: 1 });
      expect(await store.read(id)).toMatchObject({ avail: 0, aforo: 5 });
    });
  });

  describe('install (rebuild)', () => {
    it('rebuilds the counter as aforo_total minus held and sold, and keeps each reservation idempotent', async () => {
      const id = anEventId();
      const now = Date.now();
      await redis.set(inventoryKeys(id).lock, 'token-1');
      const outcome = await store.install(id, 'token-1', { aforo_total: 10, estado: 'activo', revision: 0 }, [
        { reservaId: 'a', state: 'h', qty: 2, at: now },
        { reservaId: 'b', state: 'c', qty: 3, at: now },
        { reservaId: 'c', state: 'r', qty: 4, at: now },
      ]);
      expect(outcome).toBe('INSTALLED');
      expect(await store.read(id)).toEqual({ avail: 5, aforo: 10, held: 2, sold: 3, estado: 'activo' });
      expect(await redis.exists(inventoryKeys(id).lock)).toBe(0);
      expect((await store.reserve(id, 'a', 2)).outcome).toBe('HELD');
      expect((await store.reserve(id, 'c', 4)).outcome).toBe('RELEASED');
      expect((await store.release(id, 'a')).avail).toBe(7);
    });

    it('never overwrites a live inventory, and refuses a rebuild whose lock was lost', async () => {
      const id = await anEvent(10);
      await store.reserve(id, 'r1', 4);
      expect(await store.install(id, '', { aforo_total: 10, estado: 'activo', revision: 0 }, [])).toBe('PRESENT');
      await redis.del(inventoryKeys(id).avail);
      expect(await store.install(id, 'stale-token', { aforo_total: 10, estado: 'activo', revision: 0 }, [])).toBe('LOST_LOCK');
      expect(await redis.exists(inventoryKeys(id).avail)).toBe(0);
    });

    it("lets only one of two concurrent rebuilders take the lock, and installs under the winner's token", async () => {
      const [id, lock] = [anEventId(), new RedisLock(redis)];
      const tokens = await Promise.all([lock.acquire(inventoryKeys(id).lock, 5_000), lock.acquire(inventoryKeys(id).lock, 5_000)]);
      const winner = tokens.find((token) => token !== undefined)!;
      expect(tokens.filter((token) => token === undefined)).toHaveLength(1);
      expect(await store.install(id, winner, { aforo_total: 10, estado: 'activo', revision: 0 }, [])).toBe('INSTALLED');
      expect(await lock.isLocked(inventoryKeys(id).lock)).toBe(false);
    });
  });
});
