import { Lease } from '../domain/lease';

/** Who a reservation is for: what recovery needs to give back a purchase-limit hold whose reservation was never stored. */
export interface ReservationOwner {
  usuarioId: string;
  eventoId: string;
}

/**
 * Port: the list recovery looks at. A reservation is watched from the moment its purchase-limit
 * hold is taken (before it is stored), until its saga is over; one that is due and was never stored
 * had its process die in between (L11): its hold is given back.
 */
export abstract class ReservationWatch {
  /** Also takes the saga run's lock for `lease` (one store command for both); false when someone else holds it. */
  abstract watch(reservaId: string, until: Date, owner: ReservationOwner, lease: Lease): Promise<boolean>;
  /** Drops the entry (and the run's lock, when `lease` still holds it). */
  abstract forget(reservaId: string, lease?: Lease): Promise<void>;
}
