import type { EventState } from '@eventflow/contracts';
import type { Category, RefundProgress, RefundState, WaitingRoom } from './event.schema';

/** An event as the domain sees it. */
export interface EventRecord {
  id: string;
  nombre: string;
  descripcion: string;
  fecha: Date;
  lugar: string;
  aforo_total: number;
  precio: number;
  categoria: Category;
  estado: EventState;
  sala_de_espera?: WaitingRoom;
  organizador_id: string;
  /** Bumped by every change of capacity or state (see InventoryCapacity): repairs carry it, so a stale one is refused. */
  revision: number;
  /** Only for an event cancelled with its reservations refunded (see the cancellation capability). */
  reembolso?: { estado: RefundState; progreso?: RefundProgress };
  creado_en: Date;
  actualizado_en: Date;
}

export type NewEvent = Omit<EventRecord, 'id' | 'estado' | 'revision' | 'reembolso' | 'creado_en' | 'actualizado_en'>;

export type DescriptiveChanges = Partial<
  Pick<EventRecord, 'nombre' | 'descripcion' | 'fecha' | 'lugar' | 'precio' | 'categoria' | 'sala_de_espera'>
>;

export interface CatalogQuery {
  estado: EventState;
  categoria?: Category;
  desde?: Date;
  hasta?: Date;
  limit: number;
  after?: { fecha: Date; id: string };
}

/** The public JSON of an event, without the live `entradas_disponibles`. */
export function publicView(event: EventRecord): Record<string, unknown> {
  return {
    evento_id: event.id,
    _id: event.id,
    nombre: event.nombre,
    descripcion: event.descripcion,
    fecha: event.fecha.toISOString(),
    lugar: event.lugar,
    aforo_total: event.aforo_total,
    precio: event.precio,
    categoria: event.categoria,
    estado: event.estado,
    ...(event.sala_de_espera && { sala_de_espera: event.sala_de_espera }),
  };
}
