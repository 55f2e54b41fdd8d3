import { Injectable } from '@nestjs/common';
import { EventSnapshot } from '@eventflow/contracts';
import { EventCatalog } from '../ports/event-catalog.port';
import { WaitingRoomStore } from '../ports/waiting-room.port';
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
  private readonly settings = new Map<string, { event: Promise<EventSnapshot | null>; until: number }>();

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
    const now = Date.now();
    const cached = this.settings.get(eventoId);
    if (cached && cached.until > now) return cached.event;
    const event = this.events.get(eventoId);
    this.settings.set(eventoId, { event, until: now + SETTINGS_FRESH_MS });
    // A failed read is not reused.
    event.catch(() => this.settings.delete(eventoId));
    if (this.settings.size > 10_000) this.settings.delete(this.settings.keys().next().value!);
    return event;
  }
}
