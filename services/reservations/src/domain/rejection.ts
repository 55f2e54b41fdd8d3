import { DependencyUnavailableError, ErrorKind, storeUnavailableName } from '@eventflow/errors';
import { FailureReason } from './reservation';

/**
 * The one table of why a reservation is refused: each reason fans see (`motivo`) with its stable
 * code and how any transport should read it. The chain, the saga, replays and cancellations all
 * answer from here.
 */
export const REJECTIONS: Record<FailureReason, { code: string; kind: ErrorKind }> = {
  entradas_insuficientes: { code: 'RESERVATION.SOLD_OUT', kind: 'conflict' },
  limite_de_compra: { code: 'RESERVATION.PURCHASE_LIMIT', kind: 'conflict' },
  evento_inexistente: { code: 'RESERVATION.EVENT_NOT_FOUND', kind: 'not_found' },
  evento_no_activo: { code: 'RESERVATION.EVENT_NOT_ACTIVE', kind: 'conflict' },
  evento_pasado: { code: 'RESERVATION.EVENT_PAST', kind: 'conflict' },
  usuario_inexistente: { code: 'RESERVATION.USER_NOT_FOUND', kind: 'conflict' },
  pago_rechazado: { code: 'RESERVATION.PAYMENT_DECLINED', kind: 'conflict' },
  inventario_no_retenido: { code: 'RESERVATION.TICKETS_NOT_HELD', kind: 'conflict' },
  dependencia_no_disponible: { code: 'RESERVATION.DEPENDENCY_UNAVAILABLE', kind: 'unavailable' },
  turno_requerido: { code: 'RESERVATION.ADMISSION_REQUIRED', kind: 'conflict' },
  evento_cancelado: { code: 'RESERVATION.EVENT_CANCELLED', kind: 'conflict' },
};

/** A business "no" from a chain handler, a saga step or a port, with the reason fans see. */
export class ReservationRejected extends Error {
  override readonly name = 'ReservationRejected';

  constructor(
    readonly reason: FailureReason,
    message: string,
  ) {
    super(message);
  }
}

/** A failure whose outcome is unknown (a timeout, an outage): worth retrying idempotent work. */
export function isTransient(error: unknown): boolean {
  return error instanceof DependencyUnavailableError || storeUnavailableName(error) !== undefined;
}

export function failureReasonOf(error: unknown): FailureReason {
  return error instanceof ReservationRejected ? error.reason : 'dependencia_no_disponible';
}
