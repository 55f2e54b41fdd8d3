import Redis from 'ioredis';
import { MongoClient, ObjectId } from 'mongodb';
import { RunningStore, startFerretDb, startRedis } from '../stores';
import { checkInvariants } from './check-invariants';
import { InvariantKind, InvariantOptions } from './invariants.types';

/**
 * The checker on real FerretDB and Redis: a consistent system passes, and each kind of broken
 * promise, seeded into the stores the way the services lay them out, is caught with its ids.
 */
describe('checkInvariants', () => {
  let mongoStore: RunningStore;
  let redisStore: RunningStore;
  let mongo: MongoClient;
  let redis: Redis;
  let run = 0;

  beforeAll(async () => {
    [mongoStore, redisStore] = await Promise.all([startFerretDb(), startRedis()]);
    mongo = await MongoClient.connect(mongoStore.url);
    redis = new Redis(redisStore.url);
  });
  afterAll(async () => {
    await mongo?.close();
    redis?.disconnect();
    await Promise.all([mongoStore?.destroy(), redisStore?.destroy()]);
  });

  const id = () => new ObjectId();
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

  /**
   * One event (aforo 10) and one fan with a confirmed reservation (2 tickets), a declined one (1),
   * a cancelled one (1) and one in flight (1): ledger, Redis inventory, charges, history and saga
   * logs all agree. Each test gets its own databases and ids.
   */
  async function seedConsistentSystem() {
    run += 1;
    const databases = { users: `inv${run}_users`, events: `inv${run}_events`, reservations: `inv${run}_reservations` };
    const [event, fan, confirmed, declined, cancelled, inFlight] = [id(), id(), id(), id(), id(), id()];
    const e = event.toHexString();
    const db = (name: keyof typeof databases) => mongo.db(databases[name]);
    await db('events').collection('events').insertOne({ _id: event, aforo_total: 10, estado: 'activo', revision: 0 });
    const movement = (r: ObjectId, kind: string, cantidad: number) => ({
      reserva_id: r.toHexString(),
      kind,
      evento_id: e,
      cantidad,
      created_at: new Date(),
    });
    await db('events')
      .collection('inventory_ledger')
      .insertMany([
        movement(confirmed, 'reserve', 2),
        movement(confirmed, 'commit', 2),
        movement(declined, 'reserve', 1),
        movement(declined, 'release', 1),
        movement(cancelled, 'reserve', 1),
        movement(cancelled, 'commit', 1),
        movement(cancelled, 'cancel', 1),
        movement(inFlight, 'reserve', 1),
      ]);
    const base = `eventflow:events:{${e}}`;
    const now = Date.now();
    await redis.set(`${base}:avail`, 7);
    await redis.hset(`${base}:meta`, { aforo: 10, estado: 'activo', held: 1, sold: 2, rev: 0 });
    await redis.hset(`${base}:holds`, {
      [confirmed.toHexString()]: `c:2:${now}`,
      [declined.toHexString()]: `r:1:${now}`,
      [cancelled.toHexString()]: `x:1:${now}`,
      [inFlight.toHexString()]: `h:1:${now}`,
    });
    const reservation = (r: ObjectId, estado: string, cantidad: number, pago?: object, extra: object = {}) => ({
      _id: r,
      usuario_id: fan.toHexString(),
      evento_id: e,
      cantidad,
      estado,
      saga: pago ? { procesar_pago: pago } : {},
      creada: new Date(),
      actualizada: new Date(),
      ...extra,
    });
    await db('reservations')
      .collection('reservations')
      .insertMany([
        reservation(confirmed, 'confirmada', 2, { estado: 'completado' }),
        reservation(declined, 'fallida', 1, { estado: 'fallido' }, { motivo: 'pago_rechazado' }),
        reservation(cancelled, 'cancelada', 1, { estado: 'completado', compensacion: 'completada' }),
        reservation(inFlight, 'pendiente', 1),
      ]);
    const payment = (r: ObjectId) => `eventflow:reservations:payment:${r.toHexString()}`;
    await redis.mset(payment(confirmed), 'approved', payment(declined), 'declined', payment(cancelled), 'refunded');
    await db('users')
      .collection('users')
      .insertOne({ _id: fan, historial_compras: { [confirmed.toHexString()]: { evento_id: e, cantidad: 2 } } });
    const options: InvariantOptions = { mongoUrl: mongoStore.url, redis, databases };
    const kindsFound = async (extra: Partial<InvariantOptions> = {}) => {
      const violations = await checkInvariants({ ...options, ...extra });
      return { kinds: [...new Set(violations.map((v) => v.kind))] as InvariantKind[], violations };
    };
    return { db, redis, base, event: e, fan: fan.toHexString(), confirmed, declined, cancelled, inFlight, payment, kindsFound };
  }

  it('finds nothing wrong in a consistent system', async () => {
    const system = await seedConsistentSystem();
    expect((await system.kindsFound()).violations).toEqual([]);
  });

  it('catches capacity that does not add up: a counter off by one, and a shrink Redis does not enforce', async () => {
    const system = await seedConsistentSystem();
    await system.redis.set(`${system.base}:avail`, 8);
    const offByOne = await system.kindsFound();
    expect(offByOne.kinds).toEqual(['capacity']);
    expect(offByOne.violations[0]).toMatchObject({ ids: { evento_id: system.event } });
    expect(offByOne.violations[0].message).toContain('aforo_total 10 ≠ disponibles 8 + retenidas 1 + vendidas 2');

    await system.redis.set(`${system.base}:avail`, 7);
    await system
      .db('events')
      .collection('events')
      .updateOne({}, { $set: { aforo_total: 8 } });
    expect((await system.kindsFound()).kinds).toEqual(['capacity']);
  });

  it('catches Redis disagreeing with the ledger: a hold given back in Redis that the ledger still holds', async () => {
    const system = await seedConsistentSystem();
    const reservaId = system.inFlight.toHexString();
    await system.redis.hset(`${system.base}:holds`, reservaId, `r:1:${Date.now()}`);
    await system.redis.hset(`${system.base}:meta`, 'held', 0);
    await system.redis.set(`${system.base}:avail`, 8);
    const { kinds, violations } = await system.kindsFound();
    expect(kinds).toEqual(['redis-ledger']);
    expect(violations.map((v) => v.ids.reserva_id)).toContain(reservaId);
  });

  it('catches a ledger hold that no reservation owns (a ghost hold)', async () => {
    const system = await seedConsistentSystem();
    const ghost = id().toHexString();
    await system
      .db('events')
      .collection('inventory_ledger')
      .insertOne({ reserva_id: ghost, kind: 'reserve', evento_id: system.event, cantidad: 2, created_at: new Date() });
    await system.redis.hset(`${system.base}:holds`, ghost, `h:2:${Date.now()}`);
    await system.redis.hset(`${system.base}:meta`, 'held', 3);
    await system.redis.set(`${system.base}:avail`, 5);
    const { kinds, violations } = await system.kindsFound();
    expect(kinds).toEqual(['ledger-reservation']);
    expect(violations[0].ids).toEqual({ evento_id: system.event, reserva_id: ghost });
  });

  it('catches a confirmed reservation missing its history entry or its charge', async () => {
    const system = await seedConsistentSystem();
    await system
      .db('users')
      .collection('users')
      .updateOne({}, { $set: { historial_compras: {} } });
    const missingHistory = await system.kindsFound();
    expect(missingHistory.kinds).toEqual(['confirmed']);
    expect(missingHistory.violations[0].ids.reserva_id).toBe(system.confirmed.toHexString());

    const other = await seedConsistentSystem();
    await other.redis.set(other.payment(other.confirmed), 'refunded');
    expect((await other.kindsFound()).kinds).toEqual(['confirmed']);
    // After Redis lost data its charge records are not evidence; the saga log still is.
    expect((await other.kindsFound({ chargeRecords: 'lost-with-redis' })).kinds).toEqual([]);
  });

  it('catches a failed or cancelled reservation still charged or still in the history', async () => {
    const system = await seedConsistentSystem();
    await system.redis.set(system.payment(system.declined), 'approved');
    expect((await system.kindsFound()).kinds).toEqual(['undone']);

    const other = await seedConsistentSystem();
    await other
      .db('users')
      .collection('users')
      .updateOne({}, { $set: { [`historial_compras.${other.cancelled.toHexString()}`]: { evento_id: other.event, cantidad: 1 } } });
    await other
      .db('reservations')
      .collection('reservations')
      .updateOne({ _id: other.cancelled }, { $set: { 'saga.procesar_pago.compensacion': 'fallida' } });
    const { kinds, violations } = await other.kindsFound({ chargeRecords: 'lost-with-redis' });
    expect(kinds).toEqual(['undone']);
    expect(violations).toHaveLength(2);
  });

  it('catches a reservation still active past the recovery bound, and one waiting for an operator', async () => {
    const system = await seedConsistentSystem();
    await system
      .db('reservations')
      .collection('reservations')
      .updateOne({ _id: system.inFlight }, { $set: { actualizada: minutesAgo(5) } });
    const stranded = await system.kindsFound({ settleBoundMs: 45_000 });
    expect(stranded.kinds).toEqual(['not-final']);
    expect(stranded.violations[0].ids.reserva_id).toBe(system.inFlight.toHexString());
    expect((await system.kindsFound({ settleBoundMs: 10 * 60_000 })).kinds).toEqual([]);

    await system
      .db('reservations')
      .collection('reservations')
      .updateOne({ _id: system.inFlight }, { $set: { estado: 'requiere_intervencion', actualizada: new Date() } });
    expect((await system.kindsFound()).kinds).toEqual(['not-final']);
  });

  it('catches a fan over the purchase limit', async () => {
    const system = await seedConsistentSystem();
    // The fan holds 3 tickets (2 confirmed, 1 in flight).
    expect((await system.kindsFound({ maxTicketsPerUser: 3 })).kinds).toEqual([]);
    const { kinds, violations } = await system.kindsFound({ maxTicketsPerUser: 2 });
    expect(kinds).toEqual(['purchase-limit']);
    expect(violations[0].ids).toEqual({ evento_id: system.event, usuario_id: system.fan });
  });

  it('catches one Idempotency-Key with two reservations, but not a retry after a dependency failure', async () => {
    const system = await seedConsistentSystem();
    const reservations = system.db('reservations').collection('reservations');
    await reservations.updateOne({ _id: system.declined }, { $set: { idempotency_key: 'key-a', motivo: 'dependencia_no_disponible' } });
    await reservations.updateOne({ _id: system.confirmed }, { $set: { idempotency_key: 'key-a' } });
    expect((await system.kindsFound()).kinds).toEqual([]);

    await reservations.updateOne({ _id: system.cancelled }, { $set: { idempotency_key: 'key-a' } });
    const { kinds, violations } = await system.kindsFound();
    expect(kinds).toEqual(['idempotency']);
    expect(violations[0].ids).toEqual({ idempotency_key: 'key-a' });
  });
});
