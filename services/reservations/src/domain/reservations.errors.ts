import { DomainError, RateLimitedError } from '@eventflow/errors';
import { FailureReason, ReservationState } from './reservation';
import { REJECTIONS } from './rejection';

type Details = { field: string; problems: string[] }[];

/** Every error the reservations service answers with: one constructor per code, so a code has one message. */
export const ReservationErrors = {
  invalid: (details: Details) =>
    new DomainError(
      'RESERVATION.INVALID',
      `Invalid fields: ${details.map((d) => d.field).join(', ')}. ${details.flatMap((d) => d.problems).join('; ')}`,
      'invalid',
      { details },
    ),

  /** A business "no": 409 (404 for an unknown event) with `estado`, `motivo` and, once stored, `reserva_id`. */
  rejected: (motivo: FailureReason, message: string, extra: { reserva_id?: string; estado?: ReservationState } = {}) =>
    new DomainError(REJECTIONS[motivo].code, message, REJECTIONS[motivo].kind, { estado: 'fallida', ...extra, motivo }),

  notFound: () => new DomainError('RESERVATION.NOT_FOUND', 'No reservation has this id', 'not_found'),

  tooManyReservations: (retryAfterSeconds: number) =>
    new RateLimitedError(
      'RESERVATION.TOO_MANY_REQUESTS',
      'Too many reservation requests from this fan; try again later',
      retryAfterSeconds,
    ),

  notCancellable: (reservaId: string, estado: ReservationState) =>
    new DomainError('RESERVATION.NOT_CANCELLABLE', `A ${estado} reservation cannot be cancelled`, 'conflict', {
      reserva_id: reservaId,
      estado,
    }),

  eventStarted: (reservaId: string, estado: ReservationState) =>
    new DomainError(
      'RESERVATION.EVENT_STARTED',
      'The event has already taken place: the reservation can no longer be cancelled',
      'conflict',
      {
        reserva_id: reservaId,
        estado,
      },
    ),

  /** The saga could not finish now; its journal and lease let recovery finish or undo it. */
  interrupted: (reservaId: string) =>
    new DomainError(
      'RESERVATION.INTERRUPTED',
      'The reservation could not be completed now; it will be completed or undone automatically',
      'unavailable',
      { reserva_id: reservaId, estado: 'pendiente' },
    ),

  /** A stored reservation whose saga is still being undone (a dependency is down): ask again later. */
  stillCompensating: (reservaId: string) =>
    new DomainError('RESERVATION.COMPENSATING', 'The reservation failed and is still being undone; retry shortly', 'unavailable', {
      reserva_id: reservaId,
      estado: 'compensando',
    }),

  requiresIntervention: (reservaId: string, motivo?: FailureReason) =>
    new DomainError('RESERVATION.REQUIRES_INTERVENTION', 'The reservation failed and an operator is undoing it', 'conflict', {
      reserva_id: reservaId,
      estado: 'requiere_intervencion',
      ...(motivo && { motivo }),
    }),

  notAwaitingIntervention: (reservaId: string, estado: ReservationState) =>
    new DomainError('RESERVATION.NOT_AWAITING_INTERVENTION', `A ${estado} reservation has no compensation to re-drive`, 'conflict', {
      reserva_id: reservaId,
      estado,
    }),

  cancellationBusy: (reservaId: string) =>
    new DomainError('RESERVATION.CANCELLATION_BUSY', 'Another request is working on this reservation; retry shortly', 'unavailable', {
      reserva_id: reservaId,
    }),

  oneFilter: () => new DomainError('RESERVATION.ONE_FILTER', 'Give usuario_id or evento_id, not both', 'invalid'),

  adminOnly: () => new DomainError('AUTH.ADMIN_ONLY', "Only an admin may list an event's reservations", 'forbidden'),

  invalidIdempotencyKey: () =>
    new DomainError('IDEMPOTENCY.INVALID_KEY', 'Idempotency-Key must be 1 to 255 visible ASCII characters', 'invalid'),

  idempotencyKeyReused: () =>
    new DomainError('IDEMPOTENCY.KEY_REUSED', 'This Idempotency-Key was already used with a different body', 'unprocessable'),

  idempotencyAttemptsExhausted: () =>
    new DomainError('IDEMPOTENCY.ATTEMPTS_EXHAUSTED', 'This Idempotency-Key failed too many times; use a new key', 'conflict'),

  idempotencyInProgress: (extra: { reserva_id?: string; estado?: ReservationState } = {}) =>
    new DomainError(
      'IDEMPOTENCY.IN_PROGRESS',
      'A request with this Idempotency-Key is still being processed; retry shortly',
      'conflict',
      extra,
    ),
};
