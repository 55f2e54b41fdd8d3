/** Tickets held for a fan on the waiting list until `expiresAtMs`; they take them with an ordinary reservation. */
export interface WaitingListOffer {
  /** The id the tickets are held under, which the fan's reservation takes as its own. */
  reservaId: string;
  cantidad: number;
  expiresAtMs: number;
}

export interface WaitingListEntry {
  /** 1: first on the list. */
  posicion: number;
  cantidad: number;
  oferta?: WaitingListOffer;
}

/** A fan on the list and the quantity they wait for. */
export interface WaitingFan {
  usuarioId: string;
  cantidad: number;
}

/** What the chain learns from the list about one fan's reservation, in one round trip. */
export type OfferClaim = { kind: 'offer'; reservaId: string } | { kind: 'none'; waiting: number };

/**
 * Port: the events' waiting lists (Redis), one atomic script per operation, in arrival order.
 */
export abstract class WaitingListStore {
  /** Adds the fan (or keeps their place: joining twice is the same entry). */
  abstract join(eventoId: string, usuarioId: string, cantidad: number): Promise<WaitingListEntry>;
  /** Removes the fan; the offer they held, if any, so its tickets can be given back. */
  abstract leave(eventoId: string, usuarioId: string): Promise<{ left: boolean; offer?: WaitingListOffer }>;
  abstract entry(eventoId: string, usuarioId: string): Promise<WaitingListEntry | undefined>;
  /** Every event whose list may have fans. */
  abstract lists(): Promise<string[]>;
  abstract forget(eventoId: string): Promise<void>;
  /** How many fans are on the list. */
  abstract size(eventoId: string): Promise<number>;
  /** The first fan, in arrival order, without an offer and whose `cantidad` is at most `available`. */
  abstract nextToOffer(eventoId: string, available: number): Promise<WaitingFan | undefined>;
  /** false when the fan left meanwhile (the held tickets must then be given back). */
  abstract recordOffer(eventoId: string, usuarioId: string, offer: WaitingListOffer): Promise<boolean>;
  /** Removes the offers that ran out, and their fans from the list; the offers, to give their tickets back. */
  abstract expireOffers(eventoId: string, nowMs: number): Promise<WaitingListOffer[]>;
  /** Every offer still held (the event was cancelled: they are all given back). */
  abstract offers(eventoId: string): Promise<WaitingListOffer[]>;
  /** Whether tickets held under this id are a current offer (the holds reconciliation leaves those alone). */
  abstract isOffered(eventoId: string, reservaId: string): Promise<boolean>;
  abstract clear(eventoId: string): Promise<void>;
  /**
   * The fan reserves: takes their offer when it is for exactly `cantidad` and still good (the
   * fan leaves the list), else tells how many fans wait (who have first call on returned tickets).
   */
  abstract claim(eventoId: string, usuarioId: string, cantidad: number, nowMs: number): Promise<OfferClaim>;
}
