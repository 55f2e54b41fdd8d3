import { AppendPurchaseRequest, EventSnapshot } from '@eventflow/contracts';
import { EventCatalog } from './event-catalog.port';
import { IdempotencyClaim, IdempotencyRecord, IdempotencyRecords } from './idempotency.port';
import { InventoryGateway, ReserveOutcome } from './inventory.port';
import { ChargeOutcome, ChargeRequest, PaymentGateway } from './payment.port';
import { PurchaseHistory } from './purchase-history.port';
import { LimitHold, LimitHoldResult, PurchaseLimitStore } from './purchase-limit.port';
import { ReservationOwner, ReservationWatch } from './reservation-watch.port';
import { UserDirectory } from './user-directory.port';
import { SpendOutcome, TurnRecord, WaitingRoomStore } from './waiting-room.port';
import { OfferClaim, WaitingListEntry, WaitingListOffer, WaitingListStore } from './waiting-list.port';

/**
 * In-memory fakes of our own ports (never of libraries), with the semantics the real adapters
 * promise: idempotent by reserva_id, atomic check-and-add. Shared by the unit specs.
 */
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

/** Holds, then sells; a released reserva_id can never take tickets again (like the events service). */
export class InMemoryInventory extends InventoryGateway {
  readonly holds = new Map<string, { qty: number; state: 'held' | 'sold' | 'released' }>();
  constructor(public available = 100) {
    super();
  }
  async reserve(_eventoId: string, reservaId: string, cantidad: number): Promise<ReserveOutcome> {
    const current = this.holds.get(reservaId);
    if (current?.state === 'released') return { reserved: false, reason: 'inventario_no_retenido', disponibles: this.available };
    if (current) return { reserved: true };
    if (this.available < cantidad) return { reserved: false, reason: 'entradas_insuficientes', disponibles: this.available };
    this.available -= cantidad;
    this.holds.set(reservaId, { qty: cantidad, state: 'held' });
    return { reserved: true };
  }
  async release(_eventoId: string, reservaId: string): Promise<void> {
    const current = this.holds.get(reservaId);
    if (current && current.state !== 'released') this.available += current.qty;
    this.holds.set(reservaId, { qty: current?.qty ?? 0, state: 'released' });
  }
  async commit(_eventoId: string, reservaId: string): Promise<boolean> {
    const current = this.holds.get(reservaId);
    if (!current || current.state === 'released') return false;
    current.state = 'sold';
    return true;
  }
  async staleHolds(): Promise<{ eventoId: string; reservaId: string; cantidad: number }[]> {
    return [...this.holds]
      .filter(([, hold]) => hold.state === 'held')
      .map(([reservaId, hold]) => ({ eventoId: EVENT, reservaId, cantidad: hold.qty }));
  }
}

export class InMemoryPurchaseHistory extends PurchaseHistory {
  readonly entries = new Map<string, AppendPurchaseRequest>();
  constructor(private readonly knownFans: Set<string> = new Set([USER])) {
    super();
  }
  async append(purchase: AppendPurchaseRequest): Promise<boolean> {
    if (!this.knownFans.has(purchase.usuario_id)) return false;
    this.entries.set(purchase.reserva_id, purchase);
    return true;
  }
  async remove(_usuarioId: string, reservaId: string): Promise<void> {
    this.entries.delete(reservaId);
  }
}

/** The first decision per reserva_id wins; a refund before the charge voids it. */
export class InMemoryPayments extends PaymentGateway {
  readonly records = new Map<string, 'approved' | 'declined' | 'refunded' | 'voided'>();
  async charge(request: ChargeRequest): Promise<ChargeOutcome> {
    const current = this.records.get(request.reservaId) ?? (request.forceDecline ? 'declined' : 'approved');
    this.records.set(request.reservaId, current);
    return current === 'approved' ? 'approved' : 'declined';
  }
  async refund(reservaId: string): Promise<void> {
    const current = this.records.get(reservaId);
    this.records.set(reservaId, current === 'approved' ? 'refunded' : (current ?? 'voided'));
  }
}

export class FakeUserDirectory extends UserDirectory {
  constructor(private readonly knownFans: Set<string> = new Set([USER])) {
    super();
  }
  async exists(usuarioId: string): Promise<boolean> {
    return this.knownFans.has(usuarioId);
  }
}

/** Like Redis's SET NX PX: the first claim of a key wins until its lease lapses (`advance` moves the clock). */
export class InMemoryIdempotencyRecords extends IdempotencyRecords {
  readonly records = new Map<string, { record: IdempotencyRecord; until: number }>();
  private clock = 0;
  advance(ms: number): void {
    this.clock += ms;
  }
  private live(keyHash: string) {
    const entry = this.records.get(keyHash);
    return entry && entry.until > this.clock ? entry : undefined;
  }
  async claim(keyHash: string, record: IdempotencyRecord, leaseMs: number): Promise<IdempotencyClaim> {
    const existing = this.live(keyHash);
    if (existing) return { kind: 'seen', record: existing.record };
    this.records.set(keyHash, { record, until: this.clock + leaseMs });
    return { kind: 'new' };
  }
  async renew(keyHash: string, leaseMs: number): Promise<void> {
    const existing = this.live(keyHash);
    if (existing) existing.until = this.clock + leaseMs;
  }
  async bind(keyHash: string, record: IdempotencyRecord, leaseMs: number): Promise<void> {
    this.records.set(keyHash, { record, until: this.clock + leaseMs });
  }
  async finish(keyHash: string, record: IdempotencyRecord): Promise<void> {
    this.records.set(keyHash, { record, until: Number.POSITIVE_INFINITY });
  }
  async forget(keyHash: string): Promise<void> {
    this.records.delete(keyHash);
  }
}

/** What recovery would watch, in memory. */
export class InMemoryWatch extends ReservationWatch {
  readonly watched = new Map<string, ReservationOwner>();
  async watch(reservaId: string, _until: Date, owner: ReservationOwner): Promise<boolean> {
    this.watched.set(reservaId, owner);
    return true;
  }
  async forget(reservaId: string): Promise<void> {
    this.watched.delete(reservaId);
  }
}

/**
 * Waiting rooms for unit tests: spends a token only for the turns listed in `admitted` (token →
 * fan); reads the turns listed in `turns` (turno_id → record).
 */
export class InMemoryWaitingRooms extends WaitingRoomStore {
  readonly admitted = new Map<string, string>();
  readonly spent = new Map<string, string>();
  readonly turns = new Map<string, TurnRecord>();

  join(): Promise<TurnRecord> {
    throw new Error('not used by unit tests');
  }
  async turn(_eventoId: string, turnoId: string): Promise<TurnRecord | undefined> {
    return this.turns.get(turnoId);
  }
  async admit(): Promise<number> {
    return 0;
  }
  async rooms(): Promise<string[]> {
    return [];
  }
  async forget(): Promise<void> {}
  async spend(
    _eventoId: string,
    token: string,
    usuarioId: string,
    reservaId: string,
    _nowMs: number,
    takingOverFrom?: string,
  ): Promise<{ outcome: SpendOutcome; spentBy?: string }> {
    const fan = this.admitted.get(token);
    if (fan === undefined) return { outcome: 'UNKNOWN' };
    if (fan !== usuarioId) return { outcome: 'OTHER_FAN' };
    const by = this.spent.get(token);
    if (by !== undefined && by !== reservaId && by !== takingOverFrom) return { outcome: 'SPENT', spentBy: by };
    this.spent.set(token, reservaId);
    return { outcome: 'OK' };
  }
  async giveBack(_eventoId: string, token: string, reservaId: string): Promise<void> {
    if (this.spent.get(token) === reservaId) this.spent.delete(token);
  }
}

/** Waiting lists for chain tests: offers listed in `held` (usuario → offer), `waiting` fans on the list. */
export class InMemoryWaitingLists extends WaitingListStore {
  readonly held = new Map<string, { reservaId: string; cantidad: number }>();
  waiting = 0;

  join(): Promise<WaitingListEntry> {
    throw new Error('not used by chain tests');
  }
  leave(): Promise<{ left: boolean }> {
    throw new Error('not used by chain tests');
  }
  async entry(): Promise<WaitingListEntry | undefined> {
    return undefined;
  }
  async lists(): Promise<string[]> {
    return [];
  }
  async forget(): Promise<void> {}
  async size(): Promise<number> {
    return this.waiting;
  }
  async nextToOffer(): Promise<undefined> {
    return undefined;
  }
  async recordOffer(): Promise<boolean> {
    return false;
  }
  async expireOffers(): Promise<WaitingListOffer[]> {
    return [];
  }
  async offers(): Promise<WaitingListOffer[]> {
    return [];
  }
  async isOffered(): Promise<boolean> {
    return false;
  }
  async clear(): Promise<void> {}
  async claim(_eventoId: string, usuarioId: string, cantidad: number): Promise<OfferClaim> {
    const offer = this.held.get(usuarioId);
    if (offer && offer.cantidad === cantidad) {
      this.held.delete(usuarioId);
      return { kind: 'offer', reservaId: offer.reservaId };
    }
    return { kind: 'none', waiting: this.waiting };
  }
}
