import { WaitingRoomSettings } from '@eventflow/contracts';

/** One fan's turn in an event's waiting room, as the store holds it. */
export interface TurnRecord {
  turnoId: string;
  usuarioId: string;
  /** Place in line since the room opened: 1 for the first fan who ever joined. */
  number: number;
  /** The single-use admission token, handed out once the turn is admitted. */
  token: string;
  /** How many fans the room has admitted so far (every turn numbered up to this one). */
  admittedUpTo: number;
  /** When this turn was admitted (epoch ms), if it was. */
  admittedAtMs?: number;
  /** The reservation that spent the token, if one did. */
  spentBy?: string;
  admittedPerMinute: number;
  windowMs: number;
}

/** Why a token cannot buy: the reservation answers 409 turno_requerido for every one of them. */
export type SpendOutcome = 'OK' | 'UNKNOWN' | 'OTHER_FAN' | 'WAITING' | 'EXPIRED' | 'SPENT';

/**
 * Port: the waiting rooms (Redis). Every operation on one room is one atomic script, so the
 * order of arrivals, the admissions and the spending of a token hold across instances.
 */
export abstract class WaitingRoomStore {
  /** The fan's turn: the one they already hold (unless it expired), or a new one at the back. */
  abstract join(eventoId: string, usuarioId: string, settings: WaitingRoomSettings, nowMs: number): Promise<TurnRecord>;
  abstract turn(eventoId: string, turnoId: string): Promise<TurnRecord | undefined>;
  /**
   * Admits the fans due since the last call at the room's rate — the event's current settings
   * when given, which the room keeps from then on; how many (-1: the room is gone).
   */
  abstract admit(eventoId: string, nowMs: number, settings?: WaitingRoomSettings): Promise<number>;
  /** Every room that may have fans waiting. */
  abstract rooms(): Promise<string[]>;
  abstract forget(eventoId: string): Promise<void>;
  /**
   * Spends the admitted fan's token for this reservation (again for the same reservation: OK). With
   * `takingOverFrom`, a token that reservation spent is spent anew for this one (it bought nothing).
   */
  abstract spend(
    eventoId: string,
    token: string,
    usuarioId: string,
    reservaId: string,
    nowMs: number,
    takingOverFrom?: string,
  ): Promise<{ outcome: SpendOutcome; spentBy?: string }>;
  /** The reservation bought nothing: the token is good again for the rest of its window. */
  abstract giveBack(eventoId: string, token: string, reservaId: string): Promise<void>;
}
