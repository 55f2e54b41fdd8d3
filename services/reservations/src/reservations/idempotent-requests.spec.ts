import { mongo } from 'mongoose';
import { DomainError } from '@eventflow/errors';
import { ReservationRepository } from '../database/reservation.repository';
import { ReservationDocument } from '../domain/reservation';
import { ReservationErrors } from '../domain/reservations.errors';
import { InMemoryIdempotencyRecords } from '../ports/ports.fakes';
import { IdempotentRequests } from './idempotent-requests';
import { CreatedReservationView } from './reservation.view';

const RESERVA = 'cccccccccccccccccccccccc';
const created: CreatedReservationView = {
  reserva_id: RESERVA,
  _id: RESERVA,
  estado: 'confirmada',
  cantidad: 2,
  precio_unitario: 50,
  monto_total: 100,
};

function requestsWith(stored: Partial<ReservationDocument>[] = []) {
  const records = new InMemoryIdempotencyRecords();
  const reservations = stored.map((r) => ({ _id: new mongo.ObjectId(RESERVA), cantidad: 2, precio_unitario: 50, monto_total: 100, ...r }));
  // The one read replays need, answered from memory.
  const repository = { findById: async (id: string) => reservations.find((r) => r._id.toHexString() === id) ?? null };
  const requests = new IdempotentRequests(records, repository as unknown as ReservationRepository);
  let calls = 0;
  const run = (work: () => Promise<CreatedReservationView>, body: unknown = ['u', 'e', 2], key = 'key-1') =>
    requests.run('fan:u', key, body, () => {
      calls++;
      return work();
    });
  return { records, run, calls: () => calls };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as DomainError,
  );

describe(IdempotentRequests.name, () => {
  it('replays the created reservation to a retry with the same key and body, without running again', async () => {
    const { run, calls } = requestsWith();
    expect(await run(async () => created)).toEqual(created);
    expect(await run(async () => ({ ...created, reserva_id: 'other' }))).toEqual(created);
    expect(calls()).toBe(1);
  });

  it('refuses the same key with another body (422)', async () => {
    const { run } = requestsWith();
    await run(async () => created);
    expect(await failure(run(async () => created, ['u', 'e', 3]))).toMatchObject({ code: 'IDEMPOTENCY.KEY_REUSED', kind: 'unprocessable' });
  });

  it('replays a business rejection as it was first answered', async () => {
    const { run, calls } = requestsWith();
    const soldOut = ReservationErrors.rejected('entradas_insuficientes', 'Not enough tickets');
    await failure(run(async () => Promise.reject(soldOut)));
    expect(await failure(run(async () => created))).toMatchObject({
      code: 'RESERVATION.SOLD_OUT',
      extra: { motivo: 'entradas_insuficientes' },
    });
    expect(calls()).toBe(1);
  });

  it('forgets a key whose request failed before anything was stored, so a retry runs again', async () => {
    const { run, calls } = requestsWith();
    const outage = new DomainError('RESERVATION.DEPENDENCY_UNAVAILABLE', 'down', 'unavailable');
    await failure(run(async () => Promise.reject(outage)));
    expect(await run(async () => created)).toEqual(created);
    expect(calls()).toBe(2);
  });

  it('answers a retry while the first request still runs with IN_PROGRESS', async () => {
    const { run } = requestsWith();
    let finish: (view: CreatedReservationView) => void = () => undefined;
    const first = run(() => new Promise((resolve) => (finish = resolve)));
    expect(await failure(run(async () => created))).toMatchObject({ code: 'IDEMPOTENCY.IN_PROGRESS', kind: 'conflict' });
    finish(created);
    await first;
  });

  it('replays the current state of a reservation whose saga was still settling when the request ended', async () => {
    const { run } = requestsWith([{ estado: 'confirmada' }]);
    const interrupted = ReservationErrors.interrupted(RESERVA);
    await failure(run(async () => Promise.reject(interrupted)));
    expect(await run(async () => created)).toMatchObject({ reserva_id: RESERVA, estado: 'confirmada' });
  });

  it('replays a reservation that ended failed with its reason', async () => {
    const { run } = requestsWith([{ estado: 'fallida', motivo: 'pago_rechazado' }]);
    await failure(run(async () => Promise.reject(ReservationErrors.interrupted(RESERVA))));
    expect(await failure(run(async () => created))).toMatchObject({
      code: 'RESERVATION.PAYMENT_DECLINED',
      extra: { reserva_id: RESERVA, estado: 'fallida', motivo: 'pago_rechazado' },
    });
  });
});
