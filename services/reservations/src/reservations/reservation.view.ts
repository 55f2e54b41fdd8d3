import { SagaLog } from '../saga-engine/saga.types';
import { ReservationDocument, ReservationState } from '../domain/reservation';
import { SAGA_STEP_NAMES } from '../saga/reservation.saga';

export interface CreatedReservationView {
  reserva_id: string;
  _id: string;
  estado: string;
  cantidad: number;
  precio_unitario: number;
  monto_total: number;
}

/** The 201 body: a confirmed reservation (or, replayed later, the state it has since reached by cancellation). */
export function createdView(reservation: ReservationDocument, estado: ReservationState = 'confirmada'): CreatedReservationView {
  const id = reservation._id.toHexString();
  return {
    reserva_id: id,
    _id: id,
    estado,
    cantidad: reservation.cantidad,
    precio_unitario: reservation.precio_unitario,
    monto_total: reservation.monto_total,
  };
}

/** The saga log in step order; steps not reached yet show as `pendiente`. */
function sagaView(log: SagaLog) {
  return SAGA_STEP_NAMES.map((paso) => {
    const record = log[paso];
    if (!record) return { paso, estado: 'pendiente' };
    return {
      paso,
      estado: record.estado,
      inicio: record.inicio,
      fin: record.fin,
      ...(record.error !== undefined && { error: record.error }),
      ...(record.compensacion !== undefined && {
        compensacion: record.compensacion,
        compensacion_fin: record.compensacion_fin,
        ...(record.compensacion_error !== undefined && { compensacion_error: record.compensacion_error }),
      }),
    };
  });
}

export type ReservationDetailView = ReturnType<typeof detailView>;

export function detailView(reservation: ReservationDocument) {
  const id = reservation._id.toHexString();
  return {
    reserva_id: id,
    _id: id,
    usuario_id: reservation.usuario_id,
    evento_id: reservation.evento_id,
    estado: reservation.estado,
    ...(reservation.motivo !== undefined && { motivo: reservation.motivo }),
    cantidad: reservation.cantidad,
    precio_unitario: reservation.precio_unitario,
    monto_total: reservation.monto_total,
    fecha_creacion: reservation.creada.toISOString(),
    fecha_actualizacion: reservation.actualizada.toISOString(),
    saga: sagaView(reservation.saga ?? {}),
  };
}
