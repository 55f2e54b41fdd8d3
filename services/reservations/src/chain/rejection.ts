import { DomainError } from '@eventflow/errors';
import { FailureReason } from '../domain/reservation';

/** A business "no" before any reservation exists: 409 (or 404) with `estado: fallida` and the reason. */
export function rejection(code: string, message: string, motivo: FailureReason, kind: 'conflict' | 'not_found' = 'conflict'): DomainError {
  return new DomainError(`RESERVATION.${code}`, message, kind, { estado: 'fallida', motivo });
}
