import { Types } from 'mongoose';
import { InMemoryProfileCache, InMemoryUserRepository, InProcessUserWriteLock } from '../users/user.fakes';
import { newUserId } from '../users/user.repository';
import { PurchaseHistoryUseCase } from './purchase-history.use-case';

async function aFanWithHistory() {
  const users = new InMemoryUserRepository();
  const cache = new InMemoryProfileCache();
  const usuarioId = newUserId();
  const created = await users.create(usuarioId, {
    nombre: 'Ana',
    apellido: 'García',
    email: 'ana@example.com',
    email_hash: 'e',
    dominio_email: 'example.com',
    tipo_documento: 'DNI',
    nro_documento_hash: 'd',
    access_token_hash: 't',
    fecha_registro: new Date('2030-01-01T00:00:00.000Z'),
  });
  if (!created) throw new Error('the fan could not be created');
  const history = new PurchaseHistoryUseCase(users.asRepository(), cache.asCache(), new InProcessUserWriteLock().asLock());
  return { users, cache, usuarioId, history };
}

const aPurchase = (usuario_id: string, reserva_id: string) => ({
  usuario_id,
  reserva_id,
  evento_id: 'e'.repeat(24),
  cantidad: 2,
  monto: 100,
  fecha_compra: '2030-01-02T10:00:00.000Z',
});

describe(PurchaseHistoryUseCase.name, () => {
  it('records a purchase once however often the saga retries it, and drops the cached profile only when it changed', async () => {
    const { users, cache, usuarioId, history } = await aFanWithHistory();
    expect(await history.append(aPurchase(usuarioId, 'r1'))).toEqual({ found: true, applied: true });
    expect(await history.append(aPurchase(usuarioId, 'r1'))).toEqual({ found: true, applied: false });
    expect(Object.keys(users.stored.get(usuarioId)!.historial_compras)).toEqual(['r1']);
    expect(cache.invalidations).toEqual([usuarioId]);
  });

  it("keeps every one of a fan's concurrent purchases (writes to one fan run one at a time)", async () => {
    const { users, usuarioId, history } = await aFanWithHistory();
    users.beforeWrite = () => new Promise((resolve) => setImmediate(resolve));
    await Promise.all(Array.from({ length: 20 }, (_, i) => history.append(aPurchase(usuarioId, `r${i}`))));
    expect(Object.keys(users.stored.get(usuarioId)!.historial_compras)).toHaveLength(20);
  });

  it('removes a purchase idempotently (the compensation)', async () => {
    const { users, cache, usuarioId, history } = await aFanWithHistory();
    await history.append(aPurchase(usuarioId, 'r1'));
    expect(await history.remove({ usuario_id: usuarioId, reserva_id: 'r1' })).toEqual({ found: true, removed: true });
    expect(await history.remove({ usuario_id: usuarioId, reserva_id: 'r1' })).toEqual({ found: true, removed: false });
    expect(users.stored.get(usuarioId)!.historial_compras).toEqual({});
    expect(cache.invalidations).toEqual([usuarioId, usuarioId]);
  });

  it('L1: never records a purchase again once it was removed, whichever arrives first, however often retried', async () => {
    const { users, usuarioId, history } = await aFanWithHistory();
    const visible = () => Object.keys(users.stored.get(usuarioId)!.historial_compras);
    // The compensation's remove overtakes a late append of the same reservation.
    expect(await history.remove({ usuario_id: usuarioId, reserva_id: 'late' })).toEqual({ found: true, removed: false });
    expect(await history.append(aPurchase(usuarioId, 'late'))).toEqual({ found: true, applied: false });
    expect(visible()).toEqual([]);
    // In order: recorded, then removed; a retried append stays out.
    await history.append(aPurchase(usuarioId, 'inorder'));
    expect(await history.remove({ usuario_id: usuarioId, reserva_id: 'inorder' })).toEqual({ found: true, removed: true });
    expect(await history.append(aPurchase(usuarioId, 'inorder'))).toEqual({ found: true, applied: false });
    expect(await history.remove({ usuario_id: usuarioId, reserva_id: 'inorder' })).toEqual({ found: true, removed: false });
    expect(visible()).toEqual([]);
  });

  it('reports an unknown fan without writing anything', async () => {
    const { users, cache, history } = await aFanWithHistory();
    const unknown = new Types.ObjectId().toHexString();
    expect(await history.append(aPurchase(unknown, 'r1'))).toEqual({ found: false, applied: false });
    expect(await history.remove({ usuario_id: unknown, reserva_id: 'r1' })).toEqual({ found: false, removed: false });
    expect(users.stored.size).toBe(1);
    expect(cache.invalidations).toEqual([]);
  });
});
