import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { EventState, WaitingRoomSettings } from '@eventflow/contracts';

export const CATEGORIES = ['Concierto', 'Conferencia', 'Deportivo', 'Teatro', 'Otro'] as const;
export type Category = (typeof CATEGORIES)[number];
export type RefundState = 'en_curso' | 'completada';
export interface RefundProgress {
  reservas_reembolsadas: number;
  reservas_por_reembolsar: number;
  actualizado: Date;
}

/** The organizer's on-sale waiting room: fans queue and are admitted at a fixed rate. */
export type WaitingRoom = WaitingRoomSettings;

export const EVENT_STATES: EventState[] = ['activo', 'cancelado', 'finalizado'];

@Schema({ collection: 'events', versionKey: false })
export class EventDocument {
  @Prop({ required: true })
  nombre!: string;

  @Prop({ default: '' })
  descripcion!: string;

  @Prop({ required: true })
  fecha!: Date;

  @Prop({ required: true })
  lugar!: string;

  @Prop({ required: true })
  aforo_total!: number;

  @Prop({ required: true })
  precio!: number;

  @Prop({ type: String, required: true, enum: CATEGORIES })
  categoria!: Category;

  @Prop({ type: String, required: true, enum: EVENT_STATES })
  estado!: EventState;

  /** Key id of the organizer (or admin) who created it: the owner. Never public. */
  @Prop({ required: true })
  organizador_id!: string;

  /** Bumped by every change of capacity or state; the inventory in Redis carries the revision it enforces. */
  @Prop({ default: 0 })
  revision!: number;

  @Prop({ type: Object })
  sala_de_espera?: WaitingRoom;

  /**
   * Set with the cancellation: its reservations' refunds, as the reservations service reports
   * them. Top-level, so the pending ones are found by a top-level filter (FerretDB indexes).
   */
  @Prop({ type: String, enum: ['en_curso', 'completada'] })
  reembolso_estado?: RefundState;

  @Prop({ type: Object })
  reembolso_progreso?: RefundProgress;

  @Prop({ required: true })
  creado_en!: Date;

  @Prop({ required: true })
  actualizado_en!: Date;
}

export const EventSchema = SchemaFactory.createForClass(EventDocument);
// The catalog filters by estado (and categoria) and pages by (fecha, _id).
EventSchema.index({ estado: 1, fecha: 1, _id: 1 });
EventSchema.index({ estado: 1, categoria: 1, fecha: 1, _id: 1 });
// The reservations service asks, every few seconds, which cancellations still refund.
EventSchema.index({ reembolso_estado: 1 });
