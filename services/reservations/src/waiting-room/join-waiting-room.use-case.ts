import { Injectable } from '@nestjs/common';
import { EventSnapshot } from '@eventflow/contracts';
import { EventCatalog } from '../ports/event-catalog.port';
import { WaitingRoomStore } from '../ports/waiting-room.port';
import { FreshReads } from './fresh-reads';
import { TurnView, turnView } from './turn.view';
import { WaitingRoomErrors } from './waiting-room.errors';

/**
 * How long one instance reuses an event's settings for joins: a crowd of arrivals costs one
 * events.get per second per instance, not one each. A change of the room's settings or the
 * event's state reaches joins within this time (reservations always read the event afresh).
 */
const SETTINGS_FRESH_MS = 1_000;

/** POST /api/events/:evento_id/fila: a fan takes a turn (the same one if they already hold it). */
@Injectable()
export class JoinWaitingRoomUseCase {
  private readonly settings = new FreshReads<EventSnapshot | null>(SETTINGS_FRESH_MS);

  constructor(
    private readonly events: EventCatalog,
    private readonly rooms: WaitingRoomStore,
  ) {}

  async execute(eventoId: string, usuarioId: string): Promise<TurnView> {
    const event = await this.eventOf(eventoId);
    if (!event) throw WaitingRoomErrors.eventNotFound();
    if (event.estado !== 'activo') throw WaitingRoomErrors.closed(event.estado);
    if (!event.sala_de_espera?.activa) throw WaitingRoomErrors.notActive();
    const now = Date.now();
    return turnView(await this.rooms.join(eventoId, usuarioId, event.sala_de_espera, now), now);
  }

  private eventOf(eventoId: string): Promise<EventSnapshot | null> {
    return this.settings.get(eventoId, () => this.events.get(eventoId));
  }
}
