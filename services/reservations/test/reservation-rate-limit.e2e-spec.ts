import { api, RunningService, startStack, TestStack } from '@eventflow/testing';
import { apisOf, createEvent, registerFan, reserve } from './support';

/**
 * `POST /api/reservar` is limited per fan across instances (counted in Redis): two reservations
 * instances over NATS, this stack's limit 4 per window. Other fans, other routes and staff keys
 * are not limited by it.
 */
describe('reservations per fan, across instances', () => {
  const LIMIT = 4;
  let stack: TestStack;
  let second: RunningService;

  beforeAll(async () => {
    stack = await startStack({
      transport: 'nats',
      serviceEnv: { reservations: { RESERVATION_RATE_LIMIT: String(LIMIT), RESERVATION_RATE_WINDOW_MS: '60000' } },
    });
    second = await stack.addInstance('reservations');
  }, 120_000);
  afterAll(() => stack?.stop());

  it('are answered as usual up to the limit, then 429 with Retry-After on every instance', async () => {
    const apis = apisOf(stack);
    const secondApis = { ...apis, reservations: api(second.url) };
    const fan = await registerFan(apis);
    const other = await registerFan(apis);
    const eventoId = await createEvent(apis, { aforo_total: 100 });

    // Alternating instances, and whatever each answers (a replay of one Idempotency-Key counts too).
    const answers = [
      await reserve(apis, fan, eventoId, 1, { 'idempotency-key': 'rate-1' }),
      await reserve(secondApis, fan, eventoId, 1, { 'idempotency-key': 'rate-1' }),
      await reserve(apis, fan, eventoId, 1),
      await reserve(secondApis, fan, eventoId, 1),
    ];
    // 201, or 503 when a saga call timed out on a loaded machine: either way not limited.
    expect(answers.map((r) => (r.status === 503 ? 201 : r.status))).toEqual([201, 201, 201, 201]);

    for (const instance of [apis, secondApis]) {
      const limited = await reserve(instance, fan, eventoId, 1);
      expect(limited.status).toBe(429);
      expect(limited.body).toEqual({
        statusCode: 429,
        error: 'Too Many Requests',
        code: 'RESERVATION.TOO_MANY_REQUESTS',
        message: 'Too many reservation requests from this fan; try again later',
      });
      const retryAfter = Number(limited.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }

    // Another fan, the fan's other routes and an admin reserving for the fan are not limited.
    const notLimited = (status: number) => (status === 503 ? 201 : status);
    expect(notLimited((await reserve(secondApis, other, eventoId, 1)).status)).toBe(201);
    expect((await apis.reservations.get(`/api/reservar?usuario_id=${fan.id}`, { token: fan.token })).status).toBe(200);
    const byAdmin = await apis.reservations.post(
      '/api/reservar',
      { usuario_id: fan.id, evento_id: eventoId, cantidad: 1 },
      { token: apis.keys.admin },
    );
    expect(notLimited(byAdmin.status)).toBe(201);
  });
});
