import { EventSnapshot } from '@eventflow/contracts';
import { EventCatalog } from '../ports/event-catalog.port';
import { LimitHold, LimitHoldResult, PurchaseLimitStore } from '../ports/purchase-limit.port';
import { ReservationDocument } from '../domain/reservation';
import { ReservationDraft, ReservationRequest } from './reservation-handler';

/** Test doubles of our own ports (not of libraries), shared by the chain's unit tests. */
export const USER = 'aaaaaaaaaaaaaaaaaaaaaaaa';
export const EVENT = 'bbbbbbbbbbbbbbbbbbbbbbbb';
export const NOW = new Date('2030-01-01T00:00:00.000Z');

export function anEventSnapshot(overrides: Partial<EventSnapshot> = {}): EventSnapshot {
  return {
    evento_id: EVENT,
    nombre: 'Concierto',
    fecha: '2030-02-01T20:00:00.000Z',
    estado: 'activo',
    precio: 50,
    aforo_total: 100,
    entradas_disponibles: 100,
    ...overrides,
  };
}

export class FakeEventCatalog extends EventCatalog {
  calls = 0;
  constructor(private readonly event: EventSnapshot | null = anEventSnapshot()) {
    super();
  }
  async get(): Promise<EventSnapshot | null> {
    this.calls++;
    return this.event;
  }
}

/** Same semantics as the Redis script: atomic check-and-add, idempotent per reserva_id. */
export class InMemoryPurchaseLimitStore extends PurchaseLimitStore {
  readonly holds = new Map<string, Map<string, number>>();
  async hold(request: LimitHold): Promise<LimitHoldResult> {
    const key = `${request.usuarioId}:${request.eventoId}`;
    const held = this.holds.get(key) ?? new Map<string, number>();
    this.holds.set(key, held);
    const total = [...held.values()].reduce((a, b) => a + b, 0);
    if (held.has(request.reservaId)) return { held: true, total };
    if (total + request.cantidad > request.max) return { held: false, total };
    held.set(request.reservaId, request.cantidad);
    return { held: true, total: total + request.cantidad };
  }
  async release(usuarioId: string, eventoId: string, reservaId: string): Promise<void> {
    this.holds.get(`${usuarioId}:${eventoId}`)?.delete(reservaId);
  }
  total(usuarioId = USER, eventoId = EVENT): number {
    return [...(this.holds.get(`${usuarioId}:${eventoId}`)?.values() ?? [])].reduce((a, b) => a + b, 0);
  }
}

export class InMemoryReservations {
  readonly stored: ReservationDocument[] = [];
  failWith?: Error;
  async insert(reservation: ReservationDocument): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.stored.push(reservation);
  }
}

let sequence = 0;
export function aDraft(request: Partial<ReservationRequest> = {}, extra: Partial<ReservationDraft> = {}): ReservationDraft {
  sequence++;
  return {
    request: { usuario_id: USER, evento_id: EVENT, cantidad: 2, ...request },
    reservaId: sequence.toString(16).padStart(24, 'c'),
    lease: { owner: 'run-1', ms: 30_000 },
    ...extra,
  };
}

/** A draft as it looks after the links before the one under test. */
export function aValidDraft(extra: Partial<ReservationDraft> = {}): ReservationDraft {
  return aDraft({}, { usuarioId: USER, eventoId: EVENT, cantidad: 2, ...extra });
}
