import { CachingFanTokenVerifier } from '@eventflow/auth';
import { InMemoryWaitingRooms } from '../ports/ports.fakes';
import { GetTurnUseCase } from './get-turn.use-case';
import { TurnPollFastPath } from './turn-poll.fast-path';

const EVENTO = 'a'.repeat(24);
const TURNO = 'T'.repeat(22);
const TURN_URL = `/api/events/${EVENTO}/fila/${TURNO}`;

/** What the fast path answers itself, and what it leaves to WaitingRoomController (undefined or a rejection). */
describe(TurnPollFastPath.name, () => {
  let fanTokens: CachingFanTokenVerifier;
  let fastPath: TurnPollFastPath;

  beforeEach(() => {
    const rooms = new InMemoryWaitingRooms();
    rooms.turns.set(TURNO, {
      turnoId: TURNO,
      usuarioId: 'fan-1',
      number: 7,
      token: 'admission',
      admittedUpTo: 2,
      admittedPerMinute: 60,
      windowMs: 600_000,
    });
    const tokens: Record<string, string> = { 'token-1': 'fan-1', 'token-2': 'fan-2' };
    fanTokens = new CachingFanTokenVerifier(async (token) => tokens[token] ?? null, 60_000, 100);
    fastPath = new TurnPollFastPath(fanTokens, new GetTurnUseCase(rooms));
  });

  const poll = (token?: string, url = TURN_URL) => fastPath.respond(url, token ? { authorization: `Bearer ${token}` } : {});

  it("answers a remembered fan's own turn itself, with the view and the Retry-After of the controller", async () => {
    await fanTokens.verify('token-1');
    const answer = await poll('token-1');
    expect(answer).toEqual({ route: '/api/events/:evento_id/fila/:turno_id', json: expect.any(String), headers: { 'retry-after': '2' } });
    expect(JSON.parse(answer!.json)).toEqual({ turno_id: TURNO, posicion: 5, estado: 'esperando', espera_estimada_s: 5 });
  });

  it('leaves a token it has not resolved yet, or none, to the guard (no look-up of its own)', async () => {
    expect(await poll('token-1')).toBeUndefined();
    expect(await poll()).toBeUndefined();
    expect(fanTokens.remembered('token-1')).toBeUndefined();
  });

  it("leaves another fan's turn, an unknown turn and other routes to the controller", async () => {
    await fanTokens.verify('token-2');
    await fanTokens.verify('token-1');
    await expect(poll('token-2')).rejects.toMatchObject({ code: 'WAITING_ROOM.TURN_NOT_FOUND' });
    await expect(poll('token-1', `/api/events/${EVENTO}/fila/${'U'.repeat(22)}`)).rejects.toMatchObject({
      code: 'WAITING_ROOM.TURN_NOT_FOUND',
    });
    expect(await poll('token-1', `/api/events/${EVENTO}/fila/nope`)).toBeUndefined();
    expect(await poll('token-1', `/api/events/${EVENTO}/fila`)).toBeUndefined();
  });
});
