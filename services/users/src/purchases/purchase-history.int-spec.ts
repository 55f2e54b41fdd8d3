import { aFan } from '@eventflow/testing';
import { UsersInstance, useUsersStores } from '../../test/real-users';
import type { RegisterFanDto } from '../registration/register-fan.dto';

const aPurchase = (usuario_id: string, reserva_id: string) => ({
  usuario_id,
  reserva_id,
  evento_id: 'e'.repeat(24),
  cantidad: 1,
  monto: 10,
  fecha_compra: '2030-01-02T10:00:00.000Z',
});

/** A fan's purchase history on the real stores: FerretDB, and Redis for the write lock. */
describe('purchase history on FerretDB and Redis', () => {
  const stores = useUsersStores();
  let first: UsersInstance;
  let second: UsersInstance;

  beforeAll(async () => {
    // Two instances of the users service: their own connections, their own in-process queues.
    [first, second] = await Promise.all([stores.instance({ dbName: 'history' }), stores.instance({ dbName: 'history' })]);
  });

  const aRegisteredFan = async () => (await first.register.execute(aFan() as unknown as RegisterFanDto)).usuario_id;
  const historyOf = async (usuarioId: string) =>
    (await first.users.findProfile(usuarioId))!.historial_compras.map((p) => p.reserva_id).sort();

  it('L1: a late append after the removal (the compensation overtook the step) records nothing, even retried', async () => {
    const fan = await aRegisteredFan();
    expect(await first.history.remove({ usuario_id: fan, reserva_id: 'late' })).toEqual({ found: true, removed: false });
    expect(await first.history.append(aPurchase(fan, 'late'))).toEqual({ found: true, applied: false });
    expect(await second.history.append(aPurchase(fan, 'late'))).toEqual({ found: true, applied: false });
    expect(await first.history.remove({ usuario_id: fan, reserva_id: 'late' })).toEqual({ found: true, removed: false });
    expect(await historyOf(fan)).toEqual([]);
  });

  it('L1: append then remove leaves no entry, and a retried append after it none either', async () => {
    const fan = await aRegisteredFan();
    expect(await first.history.append(aPurchase(fan, 'r1'))).toEqual({ found: true, applied: true });
    expect(await first.history.append(aPurchase(fan, 'r1'))).toEqual({ found: true, applied: false });
    expect(await historyOf(fan)).toEqual(['r1']);
    expect(await first.history.remove({ usuario_id: fan, reserva_id: 'r1' })).toEqual({ found: true, removed: true });
    expect(await second.history.remove({ usuario_id: fan, reserva_id: 'r1' })).toEqual({ found: true, removed: false });
    expect(await second.history.append(aPurchase(fan, 'r1'))).toEqual({ found: true, applied: false });
    expect(await historyOf(fan)).toEqual([]);
    // Other purchases of the fan are untouched by the tombstone.
    expect(await first.history.append(aPurchase(fan, 'r2'))).toEqual({ found: true, applied: true });
    expect(await historyOf(fan)).toEqual(['r2']);
  });

  it('L1: reports an unknown fan on both, writing nothing', async () => {
    const unknown = '0123456789abcdef01234567';
    expect(await first.history.append(aPurchase(unknown, 'r'))).toEqual({ found: false, applied: false });
    expect(await first.history.remove({ usuario_id: unknown, reserva_id: 'r' })).toEqual({ found: false, removed: false });
    expect(await first.users.findProfile(unknown)).toBeNull();
  });

  it("L8: two instances writing one fan's history at once lose nothing", async () => {
    const fan = await aRegisteredFan();
    const ids = Array.from({ length: 40 }, (_, i) => `c${i}`);
    const replies = await Promise.all(ids.map((id, i) => (i % 2 === 0 ? first : second).history.append(aPurchase(fan, id))));
    expect(replies).toEqual(ids.map(() => ({ found: true, applied: true })));
    expect(await historyOf(fan)).toEqual([...ids].sort());
    // Removals from both instances at once, interleaved with more appends.
    await Promise.all([
      ...ids.slice(0, 20).map((id, i) => (i % 2 === 0 ? second : first).history.remove({ usuario_id: fan, reserva_id: id })),
      ...['d1', 'd2', 'd3', 'd4'].map((id, i) => (i % 2 === 0 ? first : second).history.append(aPurchase(fan, id))),
    ]);
    expect(await historyOf(fan)).toEqual([...ids.slice(20), 'd1', 'd2', 'd3', 'd4'].sort());
  });

  it('L8: a writer that cannot get the lock in time hears "busy" while another instance holds the fan', async () => {
    const fan = await aRegisteredFan();
    const held = await first.writes.run(fan, () =>
      second.writes.run(fan, () => Promise.resolve('ran')).catch((error: Error) => error.message),
    );
    expect(held).toMatch(/another instance is still writing/);
  });
});
