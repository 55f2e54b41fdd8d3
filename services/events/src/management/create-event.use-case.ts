import { Injectable, Logger } from '@nestjs/common';
import type { Principal } from '@eventflow/auth';
import { errorMessage } from '@eventflow/redis';
import { EventCache } from '../catalog/event.cache';
import { publicView } from '../events/event.model';
import { EventRepository } from '../events/event.repository';
import { InventoryCapacity } from '../inventory/inventory-capacity';
import { CreateEventDto, waitingRoomOf } from './event.dto';

/** An organizer (or admin) publishes an event; they own it from then on. */
@Injectable()
export class CreateEventUseCase {
  private readonly logger = new Logger(CreateEventUseCase.name);

  constructor(
    private readonly events: EventRepository,
    private readonly capacity: InventoryCapacity,
    private readonly cache: EventCache,
  ) {}

  async execute(input: CreateEventDto, owner: Principal): Promise<Record<string, unknown>> {
    const event = await this.events.create({
      nombre: input.nombre,
      descripcion: input.descripcion ?? '',
      fecha: new Date(input.fecha),
      lugar: input.lugar,
      aforo_total: input.aforo_total,
      precio: input.precio,
      categoria: input.categoria ?? 'Otro',
      ...(input.sala_de_espera && { sala_de_espera: waitingRoomOf(input.sala_de_espera) }),
      organizador_id: owner.kind === 'staff' ? owner.keyId : owner.userId,
    });
    try {
      await this.capacity.initialize(event.id, event.aforo_total, event.estado);
      await this.cache.invalidate(undefined);
    } catch (error) {
      // The event exists; its counter is rebuilt from MongoDB on first use.
      this.logger.warn({ err: errorMessage(error), eventoId: event.id }, 'created an event while Redis was unavailable');
    }
    return { ...publicView(event), entradas_disponibles: event.aforo_total };
  }
}
