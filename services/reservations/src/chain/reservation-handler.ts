import { EventSnapshot } from '@eventflow/contracts';
import { Lease } from '../domain/lease';
import { ReservationDocument } from '../domain/reservation';

/** What a caller asks for, before any check. */
export interface ReservationRequest {
  usuario_id: unknown;
  evento_id: unknown;
  cantidad: unknown;
  /** The caller authenticated as this very fan (users.authenticate answered): the fan exists. */
  fanAuthenticated?: boolean;
  /** Test-only forced payment decline (already filtered by NODE_ENV at the edge). */
  forceDecline?: boolean;
  /** X-Admission-Token: the admitted turn's token, needed while the event's waiting room is active. */
  admissionToken?: string;
}

/** The reservation being assembled as it passes down the chain. */
export interface ReservationDraft {
  request: ReservationRequest;
  reservaId: string;
  /** The hash of the Idempotency-Key this reservation answers, when it came with one. */
  idempotencyKey?: string;
  lease: Lease;
  usuarioId?: string;
  eventoId?: string;
  cantidad?: number;
  event?: EventSnapshot;
  precioCentavos?: number;
  montoCentavos?: number;
  limitHeld?: boolean;
  /** The reservation takes a waiting-list offer: its tickets are already held under `reservaId`. */
  offerTaken?: { eventoId: string };
  /** The admission token this reservation spent (given back if it buys nothing). */
  admission?: { eventoId: string; token: string };
  reservation?: ReservationDocument;
}

/** A validated draft: what the handlers after DataValidator may rely on. */
export type ValidDraft = ReservationDraft & { usuarioId: string; eventoId: string; cantidad: number };

/**
 * One link of the chain of responsibility: does its check or its work, and either throws
 * (fail fast, nothing later runs) or passes the draft on.
 */
export abstract class ReservationHandler {
  private next?: ReservationHandler;

  setNext(handler: ReservationHandler): ReservationHandler {
    this.next = handler;
    return handler;
  }

  async handle(draft: ReservationDraft): Promise<void> {
    await this.process(draft);
    await this.next?.handle(draft);
  }

  protected abstract process(draft: ReservationDraft): Promise<void>;
}

/** Handlers after DataValidator call this to read the validated fields with their types. */
export function validated(draft: ReservationDraft): ValidDraft {
  if (draft.usuarioId === undefined || draft.eventoId === undefined || draft.cantidad === undefined) {
    throw new Error('the chain is misassembled: DataValidator must run first');
  }
  return draft as ValidDraft;
}
