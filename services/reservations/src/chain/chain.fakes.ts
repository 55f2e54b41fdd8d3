import { ReservationDocument } from '../domain/reservation';
import { EVENT, USER } from '../ports/ports.fakes';
import { ReservationDraft, ReservationRequest } from './reservation-handler';

/** Test data for the chain's unit tests; the ports' fakes are in ports/ports.fakes.ts. */
export { anEventSnapshot, EVENT, FakeEventCatalog, InMemoryPurchaseLimitStore, NOW, USER } from '../ports/ports.fakes';

export class InMemoryReservations {
  readonly stored: ReservationDocument[] = [];
  failWith?: Error;
  async insert(reservation: ReservationDocument): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.stored.push(reservation);
  }
  async findById(id: string): Promise<ReservationDocument | null> {
    return this.stored.find((r) => r._id.toHexString() === id) ?? null;
  }
}

let sequence = 0;
export function aDraft(request: Partial<ReservationRequest> = {}, extra: Partial<ReservationDraft> = {}): ReservationDraft {
  sequence++;
  return {
    request: { usuario_id: USER, evento_id: EVENT, cantidad: 2, ...request },
    reservaId: sequence.toString(16).padStart(24, 'c'),
    lease: { owner: 'run-1', ms: 30_000 },
    ...extra,
  };
}

/** A draft as it looks after the links before the one under test. */
export function aValidDraft(extra: Partial<ReservationDraft> = {}): ReservationDraft {
  return aDraft({}, { usuarioId: USER, eventoId: EVENT, cantidad: 2, ...extra });
}
