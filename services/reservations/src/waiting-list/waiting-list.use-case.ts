import { Injectable } from '@nestjs/common';
import { ReservationsEnv } from '../config/reservations.env';
import { ReservationErrors } from '../domain/reservations.errors';
import { EventCatalog } from '../ports/event-catalog.port';
import { InventoryGateway } from '../ports/inventory.port';
import { WaitingListEntry, WaitingListStore } from '../ports/waiting-list.port';
import { WaitingListErrors } from './waiting-list.errors';

export interface WaitingListView {
  posicion: number;
  cantidad: number;
  oferta?: { cantidad: number; expira_en: string };
}

/** /api/events/:evento_id/lista-de-espera: a fan joins the sold-out event's list, looks at it, leaves it. */
@Injectable()
export class WaitingListUseCase {
  constructor(
    private readonly env: ReservationsEnv,
    private readonly events: EventCatalog,
    private readonly lists: WaitingListStore,
    private readonly inventory: InventoryGateway,
  ) {}

  /** Only for an active event without enough tickets on sale; joining twice keeps the first place and quantity. */
  async join(eventoId: string, usuarioId: string, cantidad: number): Promise<WaitingListView> {
    if (cantidad > this.env.MAX_TICKETS_PER_RESERVATION) {
      throw ReservationErrors.invalid([
        { field: 'cantidad', problems: [`cantidad must not be greater than ${this.env.MAX_TICKETS_PER_RESERVATION}`] },
      ]);
    }
    const event = await this.events.get(eventoId);
    if (!event) throw WaitingListErrors.eventNotFound();
    if (event.estado !== 'activo') throw WaitingListErrors.closed(event.estado);
    const already = await this.lists.entry(eventoId, usuarioId);
    if (!already && event.entradas_disponibles >= cantidad) throw WaitingListErrors.ticketsAvailable(event.entradas_disponibles);
    return viewOf(already ?? (await this.lists.join(eventoId, usuarioId, cantidad)));
  }

  async show(eventoId: string, usuarioId: string): Promise<WaitingListView> {
    const entry = await this.lists.entry(eventoId, usuarioId);
    if (!entry) throw WaitingListErrors.notOnList();
    return viewOf(entry, Date.now());
  }

  /** Leaving gives back the tickets of an offer the fan held. */
  async leave(eventoId: string, usuarioId: string): Promise<void> {
    const { left, offer } = await this.lists.leave(eventoId, usuarioId);
    if (!left) throw WaitingListErrors.notOnList();
    if (offer) await this.inventory.release(eventoId, offer.reservaId);
  }
}

function viewOf(entry: WaitingListEntry, now = Date.now()): WaitingListView {
  const offer = entry.oferta && entry.oferta.expiresAtMs > now ? entry.oferta : undefined;
  return {
    posicion: entry.posicion,
    cantidad: entry.cantidad,
    ...(offer && { oferta: { cantidad: offer.cantidad, expira_en: new Date(offer.expiresAtMs).toISOString() } }),
  };
}
