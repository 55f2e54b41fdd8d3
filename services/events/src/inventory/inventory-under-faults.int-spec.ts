import type Redis from 'ioredis';
import { useRealRedis } from '@eventflow/testing';
import { InventoryChanges } from './inventory-changes';
import { EnforcedEvent, inventoryKeys, InventoryStore, Reconciled } from './inventory.store';

/** The reconciliation script, and the inventory's promises against the faults of the review (`correctness-b50e497.md`), on a real Redis. */
describe('the inventory under faults and its reconciliation', () => {
  const realRedis = useRealRedis();
  let redis: Redis;
  let store: InventoryStore;
  let sequence = 0;

  beforeAll(() => {
    redis = realRedis.client;
    store = new InventoryStore(redis, new InventoryChanges());
  });

  async function anEvent(aforo: number): Promise<{ id: string; read: EnforcedEvent }> {
    const id = `65c000000000000000${String(++sequence).padStart(6, '0')}`;
    const read = { aforo_total: aforo, estado: 'activo', revision: 0 };
    await store.install(id, '', read, []);
    return { id, read };
  }

  describe('C1: a reconciliation that read the event before a change', () => {
    it('does not undo a capacity shrink (which would oversell)', async () => {
      const { id, read: stale } = await anEvent(100);
      await store.reserve(id, 'r1', 40);
      await store.resize(id, 50, 1); // the organizer's PATCH, Redis first
      expect(await store.reconcile(id, stale, 0, [{ reservaId: 'r1', state: 'h', qty: 40, at: 0 }])).toEqual({ repairs: [], behind: [] });
      expect(await store.read(id)).toMatchObject({ aforo: 50, avail: 10 });
      expect((await store.reserve(id, 'r2', 11)).outcome).toBe('SOLD_OUT');
    });

    it('does not reopen sales of a cancelled event', async () => {
      const { id, read: stale } = await anEvent(10);
      await store.setState(id, 'cancelado', 1);
      await store.reconcile(id, stale, 0, []);
      expect((await store.read(id))?.estado).toBe('cancelado');
      expect((await store.reserve(id, 'r1', 1)).outcome).toBe('NOT_ACTIVE');
    });

    it('still repairs capacity and state from a read at the same revision or a newer one', async () => {
      const { id } = await anEvent(10);
      await store.resize(id, 20, 1);
      // MongoDB moved on to revision 2 (aforo 30) while Redis missed it: the newer read wins.
      expect(await store.reconcile(id, { aforo_total: 30, estado: 'activo', revision: 2 }, 0, [])).toEqual({
        repairs: [expect.stringMatching(/^aforo 20->30/), expect.stringMatching(/^counter 20->30/)],
        behind: [],
      });
      expect(await store.read(id)).toMatchObject({ aforo: 30, avail: 30 });
    });
  });

  describe('reconcile', () => {
    it('repairs a drifted counter and hold towards the ledger and reports each repair', async () => {
      const id = (await anEvent(10)).id;
      await store.reserve(id, 'r1', 2);
      await store.reserve(id, 'ghost', 3);
      await redis.set(inventoryKeys(id).avail, 9);
      const old = Date.now() - 60_000;
      const { repairs } = (await store.reconcile(id, { aforo_total: 10, estado: 'activo', revision: 0 }, 0, [
        { reservaId: 'r1', state: 'c', qty: 2, at: old },
      ])) as Reconciled;
      expect(repairs).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^hold r1 h:2->c:2/),
          expect.stringMatching(/^hold ghost/),
          expect.stringMatching(/^counter 9->8/),
        ]),
      );
      expect(await store.read(id)).toEqual({ avail: 8, aforo: 10, held: 0, sold: 2, estado: 'activo' });
      expect(
        await store.reconcile(id, { aforo_total: 10, estado: 'activo', revision: 0 }, 0, [
          { reservaId: 'r1', state: 'c', qty: 2, at: old },
        ]),
      ).toEqual({ repairs: [], behind: [] });
    });

    it('leaves holds changed within the grace period alone (operations in flight)', async () => {
      const id = (await anEvent(10)).id;
      await store.reserve(id, 'in-flight', 2);
      expect(await store.reconcile(id, { aforo_total: 10, estado: 'activo', revision: 0 }, 60_000, [])).toEqual({
        repairs: [],
        behind: [],
      });
      expect((await store.read(id))?.held).toBe(2);
    });
  });
});
