import { mongo } from 'mongoose';
import { SagaLog } from '../saga-engine/saga.types';

export type ReservationState =
  'pendiente' | 'confirmada' | 'fallida' | 'compensando' | 'cancelando' | 'cancelada' | 'requiere_intervencion';

/** States a saga run may still move; recovery looks only at these. */
export const ACTIVE_STATES: ReservationState[] = ['pendiente', 'compensando', 'cancelando'];

/** States whose tickets still count towards the fan's purchase limit. */
export const HOLDING_STATES: ReservationState[] = ['pendiente', 'confirmada', 'compensando', 'cancelando', 'requiere_intervencion'];

/** Why a reservation failed (part of the public 409 body), or why it was cancelled. */
export type FailureReason =
  | 'entradas_insuficientes'
  | 'limite_de_compra'
  | 'evento_inexistente'
  | 'evento_no_activo'
  | 'evento_pasado'
  | 'usuario_inexistente'
  | 'pago_rechazado'
  | 'inventario_no_retenido'
  | 'dependencia_no_disponible'
  | 'turno_requerido'
  /** Not a refusal: a confirmed reservation refunded because its event was cancelled. */
  | 'evento_cancelado';

/**
 * One reservation, its saga state and its saga log in a single document, so that each saga
 * transition is one single-document update (FerretDB has no multi-document transactions).
 */
export interface ReservationDocument {
  _id: mongo.ObjectId;
  usuario_id: string;
  evento_id: string;
  cantidad: number;
  precio_unitario: number;
  monto_total: number;
  /** The exact amount; `monto_total` is derived from it. */
  monto_centavos: number;
  fecha_evento: Date;
  estado: ReservationState;
  motivo?: FailureReason;
  /** Set when the fan (or an admin) cancelled: compensations then end in `cancelada`. */
  cancelacion?: boolean;
  saga: SagaLog;
  /** The hash of the Idempotency-Key the reservation was created with (its id is derived from it). */
  idempotency_key?: string;
  /** Test-only forced payment decline (honoured only when NODE_ENV=test), kept for recovery. */
  rechazo_forzado?: boolean;
  creada: Date;
  actualizada: Date;
  /** Which saga run may write this document, and until when (see SagaLease). */
  lease_owner: string;
  lease_until: Date;
}
