import Redis from 'ioredis';
import { MongoClient, ObjectId } from 'mongodb';

/**
 * Everything the invariants are judged on, read straight from the stores (never through the
 * services, which could hide what they got wrong). The layout is the services' own, restated here
 * because a lib never imports service code: events' `inventory.store.ts` and `ledger.schema.ts`,
 * reservations' `reservation.ts` and `simulated-payment.gateway.ts`, users' `user.schema.ts`.
 */
export interface StoreSnapshot {
  events: EventSnapshot[];
  reservations: ReservationSnapshot[];
  /** usuario_id → the reserva_ids in that fan's purchase history. */
  histories: Map<string, Set<string>>;
  /** reserva_id → the simulated provider's record (approved, declined, refunded, voided). */
  charges: Map<string, string>;
}

export interface EventSnapshot {
  id: string;
  aforoTotal: number;
  estado: string;
  /** Redis `{id}:avail`, `{id}:meta` and `{id}:holds`; undefined when Redis has none. */
  redis?: { avail: number; aforo: number; held: number; sold: number; holds: Map<string, { state: string; qty: number }> };
  /** reserva_id → its ledger movements (kind → cantidad). */
  ledger: Map<string, Map<string, number>>;
}

export interface ReservationSnapshot {
  id: string;
  usuarioId: string;
  eventoId: string;
  cantidad: number;
  estado: string;
  motivo?: string;
  idempotencyKey?: string;
  /** The saga log's payment step, the durable record of a charge. */
  payment?: { estado: string; incierto?: boolean; compensacion?: string };
  actualizada: Date;
}

export interface SnapshotSource {
  mongo: MongoClient;
  redis: Redis;
  databases: { users: string; events: string; reservations: string };
}

const inventoryKeys = (eventoId: string) => {
  const base = `eventflow:events:{${eventoId}}`;
  return { avail: `${base}:avail`, meta: `${base}:meta`, holds: `${base}:holds` };
};
const PAYMENT_PREFIX = 'eventflow:reservations:payment:';

export async function readSnapshot({ mongo, redis, databases }: SnapshotSource): Promise<StoreSnapshot> {
  const [events, ledgerRows, reservations, users] = await Promise.all([
    mongo
      .db(databases.events)
      .collection('events')
      .find({}, { projection: { aforo_total: 1, estado: 1 } })
      .toArray(),
    mongo.db(databases.events).collection('inventory_ledger').find({}).toArray(),
    mongo
      .db(databases.reservations)
      .collection('reservations')
      .find(
        {},
        { projection: { usuario_id: 1, evento_id: 1, cantidad: 1, estado: 1, motivo: 1, idempotency_key: 1, saga: 1, actualizada: 1 } },
      )
      .toArray(),
    mongo
      .db(databases.users)
      .collection('users')
      .find({}, { projection: { historial_compras: 1 } })
      .toArray(),
  ]);

  const ledgerByEvent = new Map<string, Map<string, Map<string, number>>>();
  for (const row of ledgerRows) {
    const byReservation = ledgerByEvent.get(String(row.evento_id)) ?? new Map<string, Map<string, number>>();
    ledgerByEvent.set(String(row.evento_id), byReservation);
    const kinds = byReservation.get(String(row.reserva_id)) ?? new Map<string, number>();
    byReservation.set(String(row.reserva_id), kinds);
    kinds.set(String(row.kind), Number(row.cantidad));
  }

  const eventSnapshots = await Promise.all(
    events.map(async (event): Promise<EventSnapshot> => {
      const id = (event._id as ObjectId).toHexString();
      const keys = inventoryKeys(id);
      const [avail, meta, holds] = await Promise.all([redis.get(keys.avail), redis.hgetall(keys.meta), redis.hgetall(keys.holds)]);
      const snapshot: EventSnapshot = {
        id,
        aforoTotal: Number(event.aforo_total),
        estado: String(event.estado),
        ledger: ledgerByEvent.get(id) ?? new Map(),
      };
      if (avail === null && Object.keys(meta).length === 0) return snapshot;
      const parsedHolds = new Map<string, { state: string; qty: number }>();
      // `<state>:<cantidad>:<ms>` per reserva_id.
      for (const [reservaId, value] of Object.entries(holds)) {
        const [state, qty] = value.split(':');
        parsedHolds.set(reservaId, { state, qty: Number(qty) });
      }
      snapshot.redis = {
        avail: Number(avail),
        aforo: Number(meta.aforo),
        held: Number(meta.held),
        sold: Number(meta.sold),
        holds: parsedHolds,
      };
      return snapshot;
    }),
  );

  const reservationSnapshots = reservations.map((r): ReservationSnapshot => {
    const saga = (r.saga ?? {}) as Record<string, { estado: string; incierto?: boolean; compensacion?: string } | undefined>;
    return {
      id: (r._id as ObjectId).toHexString(),
      usuarioId: String(r.usuario_id),
      eventoId: String(r.evento_id),
      cantidad: Number(r.cantidad),
      estado: String(r.estado),
      motivo: r.motivo as string | undefined,
      idempotencyKey: r.idempotency_key as string | undefined,
      payment: saga.procesar_pago,
      actualizada: new Date(r.actualizada as Date),
    };
  });

  const charges = new Map<string, string>();
  const ids = reservationSnapshots.map((r) => r.id);
  for (let start = 0; start < ids.length; start += 500) {
    const batch = ids.slice(start, start + 500);
    const records = await redis.mget(...batch.map((id) => PAYMENT_PREFIX + id));
    batch.forEach((id, i) => records[i] !== null && charges.set(id, records[i] as string));
  }

  const histories = new Map<string, Set<string>>();
  for (const user of users) {
    histories.set((user._id as ObjectId).toHexString(), new Set(Object.keys((user.historial_compras ?? {}) as object)));
  }
  return { events: eventSnapshots, reservations: reservationSnapshots, histories, charges };
}
