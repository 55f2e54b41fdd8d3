import { DependencyUnavailableError, storeUnavailableName } from '@eventflow/errors';
import { FailureReason } from './reservation';

/** A business "no" from a chain handler or a saga step, with the reason fans see. */
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
