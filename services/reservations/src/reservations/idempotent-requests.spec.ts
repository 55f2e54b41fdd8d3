import { mongo } from 'mongoose';
import { DomainError } from '@eventflow/errors';
import { ReservationsEnv } from '../config/reservations.env';
import { ReservationRepository } from '../database/reservation.repository';
import { FailureReason, ReservationDocument, ReservationState } from '../domain/reservation';
import { ReservationErrors } from '../domain/reservations.errors';
import { EVENT, InMemoryIdempotencyRecords, USER } from '../ports/ports.fakes';
import { IdempotentRequests, KeyBinding } from './idempotent-requests';
import { CreatedReservationView, createdView } from './reservation.view';

const LEASE_MS = 30_000;
const body = { usuario_id: USER, evento_id: EVENT, cantidad: 2 };

/** The key's side of the world: Redis records (in memory, with a clock) and the reservations MongoDB holds. */
function requestsWith() {
  const records = new InMemoryIdempotencyRecords();
  const stored = new Map<string, ReservationDocument>();
  // The one read the idempotent path needs, answered from memory.
  const repository = { findById: async (id: string) => stored.get(id) ?? null } as unknown as ReservationRepository;
  const env = Object.assign(new ReservationsEnv(), { SAGA_LEASE_MS: LEASE_MS });
  const requests = new IdempotentRequests(records, repository, env);
  const runs: string[] = [];

  /** What a saga run leaves behind: a stored reservation in `estado`, and the answer it gives. */
  const saga =
    (estado: ReservationState, motivo?: FailureReason) =>
    async ({ reservaId }: KeyBinding): Promise<CreatedReservationView> => {
      runs.push(reservaId);
      const reservation = aReservation(reservaId, estado, motivo);
      stored.set(reservaId, reservation);
      if (estado === 'confirmada') return createdView(reservation);
      if (estado === 'pendiente') throw ReservationErrors.interrupted(reservaId);
      if (estado === 'compensando' || motivo === 'dependencia_no_disponible')
        throw ReservationErrors.rejected('dependencia_no_disponible', 'down', { reserva_id: reservaId, estado });
      throw ReservationErrors.rejected(motivo!, 'no', { reserva_id: reservaId });
    };
  const run = (work: (binding: KeyBinding) => Promise<CreatedReservationView>, request: object = body, key = 'key-1') =>
    requests.run(`fan:${USER}`, key, request as typeof body, work);
  const settle = (reservaId: string, estado: ReservationState, motivo?: FailureReason) =>
    stored.set(reservaId, aReservation(reservaId, estado, motivo));
  return { records, stored, runs, saga, run, settle };
}

function aReservation(reservaId: string, estado: ReservationState, motivo?: FailureReason): ReservationDocument {
  const now = new Date();
  return {
    _id: new mongo.ObjectId(reservaId),
    ...{ usuario_id: USER, evento_id: EVENT, cantidad: 2, precio_unitario: 50, monto_total: 100, monto_centavos: 10_000 },
    ...{ fecha_evento: now, estado, saga: {}, creada: now, actualizada: now, lease_owner: 'run', lease_until: now },
    ...(motivo && { motivo }),
  };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as DomainError,
  );

describe(IdempotentRequests.name, () => {
  it('replays the created reservation to a retry with the same key and body, without running again', async () => {
    const { run, saga, runs } = requestsWith();
    const first = await run(saga('confirmada'));
    expect(await run(saga('confirmada'))).toEqual(first);
    expect(runs).toHaveLength(1);
  });

  it('refuses the same key with another body (422)', async () => {
    const { run, saga } = requestsWith();
    await run(saga('confirmada'));
    expect(await failure(run(saga('confirmada'), { ...body, cantidad: 3 }))).toMatchObject({ code: 'IDEMPOTENCY.KEY_REUSED' });
  });

  it('A2: a retry after Redis lost its record finds the reservation its key created, and creates no second one', async () => {
    const { run, saga, runs, records } = requestsWith();
    const first = await run(saga('confirmada'));
    records.records.clear();
    expect(await run(saga('confirmada'))).toEqual(first);
    expect(runs).toHaveLength(1);
  });

  it('A1: a retry after a 503 mid-saga reaches the same reservation, never a second charged one', async () => {
    const { run, saga, runs, settle } = requestsWith();
    const interrupted = await failure(run(saga('pendiente')));
    expect(interrupted).toMatchObject({ kind: 'unavailable', extra: { reserva_id: runs[0] } });
    expect(await failure(run(saga('confirmada')))).toMatchObject({ code: 'IDEMPOTENCY.IN_PROGRESS', extra: { reserva_id: runs[0] } });
    settle(runs[0], 'confirmada'); // recovery finished it
    expect(await run(saga('confirmada'))).toMatchObject({ reserva_id: runs[0], estado: 'confirmada' });
    expect(runs).toEqual([runs[0]]);
  });

  it('M1: a concurrent retry learns the reservation id the running request is bound to', async () => {
    const { run, saga } = requestsWith();
    let finish: () => void = () => undefined;
    let bound = '';
    const first = run(async (binding) => {
      bound = binding.reservaId;
      await new Promise<void>((resolve) => (finish = resolve));
      return saga('confirmada')(binding);
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(await failure(run(saga('confirmada')))).toMatchObject({ code: 'IDEMPOTENCY.IN_PROGRESS', extra: { reserva_id: bound } });
    finish();
    await first;
  });

  it('A3: once the lease of a claim whose owner died lapses, a retry answers the reservation’s current outcome', async () => {
    const { run, saga, records, settle } = requestsWith();
    let bound = '';
    // The owner stores the reservation, then the process dies: its claim is never finished nor renewed.
    void run(async (binding) => {
      bound = binding.reservaId;
      settle(binding.reservaId, 'pendiente');
      return new Promise<never>(() => undefined);
    });
    await new Promise((resolve) => setImmediate(resolve));
    records.advance(LEASE_MS + 1);
    settle(bound, 'confirmada'); // recovery confirmed it
    expect(await run(saga('confirmada'))).toMatchObject({ reserva_id: bound, estado: 'confirmada' });
  });

  it('A3: a claim whose owner died before storing anything is released with its lease, and the retry runs', async () => {
    const { run, saga, records, runs } = requestsWith();
    void run(() => new Promise<never>(() => undefined));
    await new Promise((resolve) => setImmediate(resolve));
    records.advance(LEASE_MS + 1);
    expect(await run(saga('confirmada'))).toMatchObject({ estado: 'confirmada' });
    expect(runs).toHaveLength(1);
  });

  it('A5: a 503 while the saga was still compensating is never final: once undone, a retry gets a fresh attempt', async () => {
    const { run, saga, runs, settle } = requestsWith();
    expect(await failure(run(saga('compensando')))).toMatchObject({ kind: 'unavailable' });
    expect(await failure(run(saga('confirmada')))).toMatchObject({ code: 'RESERVATION.COMPENSATING', kind: 'unavailable' });
    settle(runs[0], 'fallida', 'dependencia_no_disponible');
    expect(await run(saga('confirmada'))).toMatchObject({ estado: 'confirmada' });
    expect(runs).toHaveLength(2);
    expect(runs[1]).not.toBe(runs[0]);
  });

  it('replays a business rejection as it was first answered', async () => {
    const { run, saga, runs } = requestsWith();
    await failure(run(saga('fallida', 'pago_rechazado')));
    expect(await failure(run(saga('confirmada')))).toMatchObject({
      code: 'RESERVATION.PAYMENT_DECLINED',
      extra: { reserva_id: runs[0], motivo: 'pago_rechazado' },
    });
    expect(runs).toHaveLength(1);
  });

  it('L9: replays the reservation’s current state, so a purchase cancelled since shows cancelled', async () => {
    const { run, saga, settle } = requestsWith();
    const first = await run(saga('confirmada'));
    settle(first.reserva_id, 'cancelada');
    expect(await run(saga('confirmada'))).toMatchObject({ reserva_id: first.reserva_id, estado: 'cancelada' });
  });

  it('forgets a key whose request failed before anything was stored, so a retry runs again', async () => {
    const { run, saga, runs } = requestsWith();
    const outage = new DomainError('RESERVATION.DEPENDENCY_UNAVAILABLE', 'down', 'unavailable');
    await failure(run(async () => Promise.reject(outage)));
    expect(await run(saga('confirmada'))).toMatchObject({ estado: 'confirmada' });
    expect(runs).toHaveLength(1);
  });
});
