import { TurnRecord } from '../ports/waiting-room.port';
import { FreshReads } from '../waiting-room/fresh-reads';

/** What a room's polls share: how far admission has gone and at what settings. */
export type RoomState = Pick<TurnRecord, 'admittedUpTo' | 'admittedPerMinute' | 'windowMs'>;
/** What never changes about a turn once known: who holds it, its place, its token, when it was admitted. */
type KnownTurn = Pick<TurnRecord, 'turnoId' | 'usuarioId' | 'number' | 'token' | 'admittedAtMs'>;

/** Turns one process keeps (a few hundred bytes each); the oldest makes room. */
const DEFAULT_MAX_TURNS = 200_000;

/**
 * A process-local memory for waiting-room polls, so that thousands of fans polling one room cost
 * one Redis read of the room per `roomFreshMs`, not one script each: a turn's holder, number and
 * token never change, nor does the moment it was admitted once it was; only the room's progress
 * does, and a poll may see it up to `roomFreshMs` late (a fan learns of an admission that much
 * later, and a waiting fan's place may lag as much; spending the token is always checked in
 * Redis). A turn once seen admitted stays admitted here.
 */
export class RecentTurns {
  private readonly turns = new Map<string, KnownTurn>();
  private readonly rooms: FreshReads<RoomState | undefined>;

  constructor(
    roomFreshMs: number,
    now: () => number = Date.now,
    private readonly maxTurns = DEFAULT_MAX_TURNS,
  ) {
    this.rooms = new FreshReads(roomFreshMs, now);
  }

  /**
   * The turn from memory with the room's recent progress, or undefined when Redis must answer:
   * an unknown turn, a room gone, or a turn admitted since it was remembered (its batch's time).
   */
  async turn(eventoId: string, turnoId: string, loadRoom: () => Promise<RoomState | undefined>): Promise<TurnRecord | undefined> {
    const known = this.turns.get(`${eventoId}|${turnoId}`);
    if (!known) return undefined;
    const room = await this.rooms.get(eventoId, loadRoom);
    if (!room) return undefined;
    if (known.admittedAtMs === undefined && known.number <= room.admittedUpTo) return undefined;
    return { ...known, ...room, admittedUpTo: Math.max(room.admittedUpTo, known.admittedAtMs === undefined ? 0 : known.number) };
  }

  /** What Redis answered about a turn: its fixed parts. */
  remember(eventoId: string, turn: TurnRecord): void {
    const key = `${eventoId}|${turn.turnoId}`;
    if (!this.turns.has(key) && this.turns.size >= this.maxTurns) this.turns.delete(this.turns.keys().next().value!);
    const { turnoId, usuarioId, number, token, admittedAtMs } = turn;
    this.turns.set(key, { turnoId, usuarioId, number, token, ...(admittedAtMs !== undefined && { admittedAtMs }) });
  }
}
