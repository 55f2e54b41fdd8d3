import { Injectable } from '@nestjs/common';
import { isAdmin, type Principal } from '@eventflow/auth';
import { EventRecord } from '../events/event.model';
import { EventRepository } from '../events/event.repository';
import { eventNotFound, notEventOwner } from '../events/events.errors';

/** Who may manage an event: the organizer who created it, or any admin. */
@Injectable()
export class EventOwnership {
  constructor(private readonly events: EventRepository) {}

  /** The event, when `principal` may manage it; another organizer gets 403, an unknown event 404. */
  async ownedBy(eventoId: string, principal: Principal): Promise<EventRecord> {
    const event = await this.events.findById(eventoId);
    if (!event) throw eventNotFound();
    const isOwner = principal.kind === 'staff' && principal.keyId === event.organizador_id;
    if (!isAdmin(principal) && !isOwner) throw notEventOwner();
    return event;
  }
}
