/** Internal messages served by the events service. Field names follow the public contract. */
export const EventsPatterns = {
  get: 'events.get',
  reserve: 'events.inventory.reserve',
  release: 'events.inventory.release',
  commit: 'events.inventory.commit',
  staleHolds: 'events.inventory.stale-holds',
  refundsPending: 'events.cancellations.pending',
  refundProgress: 'events.cancellations.progress',
} as const;

export type EventState = 'activo' | 'cancelado' | 'finalizado';

export interface GetEventRequest {
  evento_id: string;
}

/** What the chain and the saga need to know about an event; `null` when it does not exist. */
export interface EventSnapshot {
  evento_id: string;
  nombre: string;
  /** ISO 8601 */
  fecha: string;
  estado: EventState;
  precio: number;
  aforo_total: number;
  /** Live from the inventory counter. */
  entradas_disponibles: number;
  /** Only when the organizer configured one. */
  sala_de_espera?: WaitingRoomSettings;
}

/** An event's on-sale waiting room: fans queue and are admitted first come, first served, at this rate. */
export interface WaitingRoomSettings {
  activa: boolean;
  admitidos_por_minuto: number;
  /** How long an admitted fan's token is good for. */
  ventana_compra_s: number;
}

export interface ReserveInventoryRequest {
  evento_id: string;
  reserva_id: string;
  cantidad: number;
  /** A waiting-list offer: an ordinary hold, shown apart (`ofrecidas`) in the inventory view. */
  oferta?: boolean;
}

/** RESERVATION_RELEASED: this reserva_id was already released; a late retry takes nothing. */
export type ReserveRejection = 'SOLD_OUT' | 'EVENT_NOT_FOUND' | 'EVENT_NOT_ACTIVE' | 'RESERVATION_RELEASED';

/** Idempotent per reserva_id: a retried reserve answers `reserved: true` without taking tickets twice. */
export type ReserveInventoryReply =
  { reserved: true; disponibles: number } | { reserved: false; reason: ReserveRejection; disponibles: number };

export interface InventoryReservationRef {
  evento_id: string;
  reserva_id: string;
}

/** Releasing an unknown or already released reservation answers `released: false` and changes nothing. */
export interface ReleaseInventoryReply {
  released: boolean;
  disponibles: number;
}

/** Held → sold. Committing twice answers `committed: true` both times. */
export interface CommitInventoryReply {
  committed: boolean;
}

/** Holds (taken, neither sold nor released) older than `older_than_ms`, of every active event: a saga should have settled them. */
export interface StaleHoldsRequest {
  older_than_ms: number;
}

export interface StaleHoldsReply {
  holds: { evento_id: string; reserva_id: string; cantidad: number }[];
}

/** Cancelled events whose reservations are still being refunded (the reservations service works through them). */
export interface RefundsPendingReply {
  eventos: { evento_id: string }[];
}

/** How far an event's cancellation got; `completada` once no reservation of it is left to refund. */
export interface RefundProgressRequest {
  evento_id: string;
  reservas_reembolsadas: number;
  reservas_por_reembolsar: number;
  completada: boolean;
}

export interface RefundProgressReply {
  recorded: boolean;
}
