import { TurnRecord } from '../ports/waiting-room.port';
import { RecentTurns, RoomState } from './recent-turns';

const EVENTO = 'e1';

function turn(overrides: Partial<TurnRecord> = {}): TurnRecord {
  return {
    turnoId: 't7',
    usuarioId: 'fan',
    number: 7,
    token: 'tok',
    admittedUpTo: 2,
    admittedPerMinute: 60,
    windowMs: 600_000,
    ...overrides,
  };
}

describe(RecentTurns.name, () => {
  let clock: number;
  let room: RoomState | undefined;
  let roomReads: number;
  const loadRoom = async () => {
    roomReads += 1;
    return room;
  };
  let recent: RecentTurns;

  beforeEach(() => {
    clock = 0;
    roomReads = 0;
    room = { admittedUpTo: 2, admittedPerMinute: 60, windowMs: 600_000 };
    recent = new RecentTurns(250, () => clock);
  });

  it('knows nothing of a turn Redis has not answered for yet', async () => {
    expect(await recent.turn(EVENTO, 't7', loadRoom)).toBeUndefined();
    expect(roomReads).toBe(0);
  });

  it("answers a remembered turn with the room's progress, reading the room once per freshness window", async () => {
    recent.remember(EVENTO, turn());
    room = { admittedUpTo: 4, admittedPerMinute: 120, windowMs: 300_000 };
    for (let i = 0; i < 10; i++)
      expect(await recent.turn(EVENTO, 't7', loadRoom)).toEqual(turn({ admittedUpTo: 4, admittedPerMinute: 120, windowMs: 300_000 }));
    expect(roomReads).toBe(1);
    room = { ...room, admittedUpTo: 5 };
    clock += 251;
    expect((await recent.turn(EVENTO, 't7', loadRoom))?.admittedUpTo).toBe(5);
    expect(roomReads).toBe(2);
  });

  it('leaves a turn admitted since it was remembered to Redis (its admission time), then keeps it admitted', async () => {
    recent.remember(EVENTO, turn());
    room = { admittedUpTo: 7, admittedPerMinute: 60, windowMs: 600_000 };
    expect(await recent.turn(EVENTO, 't7', loadRoom)).toBeUndefined();
    recent.remember(EVENTO, turn({ admittedUpTo: 8, admittedAtMs: 1_000 }));
    // Even from a room read that lags behind, the turn stays admitted.
    room = { admittedUpTo: 6, admittedPerMinute: 60, windowMs: 600_000 };
    clock += 251;
    expect(await recent.turn(EVENTO, 't7', loadRoom)).toMatchObject({ admittedUpTo: 7, admittedAtMs: 1_000 });
  });

  it('leaves a turn whose room is gone to Redis, and does not reuse a failed room read', async () => {
    recent.remember(EVENTO, turn());
    room = undefined;
    expect(await recent.turn(EVENTO, 't7', loadRoom)).toBeUndefined();
    const failing = async (): Promise<RoomState | undefined> => {
      roomReads += 1;
      throw new Error('Redis is unavailable');
    };
    clock += 251;
    await expect(recent.turn(EVENTO, 't7', failing)).rejects.toThrow('Redis is unavailable');
    room = { admittedUpTo: 2, admittedPerMinute: 60, windowMs: 600_000 };
    expect(await recent.turn(EVENTO, 't7', loadRoom)).toEqual(turn());
  });

  it('keeps at most its bound of turns, forgetting the oldest', async () => {
    const small = new RecentTurns(250, () => clock, 2);
    for (const id of ['a', 'b', 'c']) small.remember(EVENTO, turn({ turnoId: id }));
    expect(await small.turn(EVENTO, 'a', loadRoom)).toBeUndefined();
    expect(await small.turn(EVENTO, 'c', loadRoom)).toMatchObject({ turnoId: 'c' });
  });
});
