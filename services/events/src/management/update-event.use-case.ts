import { Injectable, Logger } from '@nestjs/common';
import type { Principal } from '@eventflow/auth';
import { errorMessage } from '@eventflow/redis';
import { EventCache } from '../catalog/event.cache';
import { GetEventUseCase } from '../catalog/get-event.use-case';
import { LocalEventReads } from '../catalog/local-event-reads';
import { DescriptiveChanges } from '../events/event.model';
import { EventRepository } from '../events/event.repository';
import { eventNotActive, nothingToChange } from '../events/events.errors';
import { InventoryCapacity } from '../inventory/inventory-capacity';
import { UpdateEventDto, waitingRoomOf } from './event.dto';
import { EventOwnership } from './event-ownership';

/**
 * The owner changes an active event: descriptive fields, capacity (never below what is sold
 * or held) or its cancellation, which is final. Answers the event as the public now sees it.
 */
@Injectable()
export class UpdateEventUseCase {
  private readonly logger = new Logger(UpdateEventUseCase.name);

  constructor(
    private readonly ownership: EventOwnership,
    private readonly events: EventRepository,
    private readonly capacity: InventoryCapacity,
    private readonly cache: EventCache,
    private readonly local: LocalEventReads,
    private readonly getEvent: GetEventUseCase,
  ) {}

  async execute(eventoId: string, changes: UpdateEventDto, principal: Principal): Promise<string> {
    const event = await this.ownership.ownedBy(eventoId, principal);
    if (Object.values(changes).every((value) => value === undefined)) throw nothingToChange();
    if (event.estado !== 'activo') throw eventNotActive(event.estado);
    try {
      if (changes.aforo_total !== undefined) await this.capacity.resize(eventoId, changes.aforo_total);
      const descriptive = descriptiveChanges(changes);
      if (Object.keys(descriptive).length > 0) await this.events.updateDescriptive(eventoId, descriptive);
      if (changes.estado === 'cancelado') await this.capacity.cancel(eventoId);
    } finally {
      // Whatever part of the change landed must not be hidden behind a stale cache entry.
      this.local.forget(eventoId);
      await this.cache
        .invalidate(eventoId)
        .catch((error: unknown) => this.logger.error({ err: errorMessage(error), eventoId }, 'could not invalidate the event cache'));
    }
    return this.getEvent.publicJson(eventoId);
  }
}

function descriptiveChanges(changes: UpdateEventDto): DescriptiveChanges {
  const descriptive: DescriptiveChanges = {};
  if (changes.nombre !== undefined) descriptive.nombre = changes.nombre;
  if (changes.descripcion !== undefined) descriptive.descripcion = changes.descripcion;
  if (changes.fecha !== undefined) descriptive.fecha = new Date(changes.fecha);
  if (changes.lugar !== undefined) descriptive.lugar = changes.lugar;
  if (changes.precio !== undefined) descriptive.precio = changes.precio;
  if (changes.categoria !== undefined) descriptive.categoria = changes.categoria;
  if (changes.sala_de_espera !== undefined) descriptive.sala_de_espera = waitingRoomOf(changes.sala_de_espera);
  return descriptive;
}
