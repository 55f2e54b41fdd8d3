import { randomBytes } from 'node:crypto';
import { aFan, api, startStack, TestStack } from '@eventflow/testing';

/**
 * The review's M7: any random bearer token cost an RPC and a scan of every user. Failed
 * authentications are now limited per client address, counted in Redis for every instance of
 * every service (this stack: limit 5 per window).
 */
describe('failed authentications', () => {
  const LIMIT = 5;
  let stack: TestStack;
  const randomToken = () => randomBytes(32).toString('base64url');

  beforeAll(async () => {
    stack = await startStack({ only: ['users', 'events'], env: { AUTH_FAILURE_LIMIT: String(LIMIT), AUTH_FAILURE_WINDOW_MS: '60000' } });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('are answered 401 up to the limit, then 429 with Retry-After, across services; staff keys still work', async () => {
    const users = api(stack.services.users.url);
    const events = api(stack.services.events.url);
    const fan = (await users.post('/api/users', aFan())).body;

    for (let attempt = 1; attempt <= LIMIT; attempt++) {
      const response = await users.get(`/api/users/${fan.usuario_id}`, { token: randomToken() });
      expect({ attempt, status: response.status }).toEqual({ attempt, status: 401 });
    }
    const limited = await users.get(`/api/users/${fan.usuario_id}`, { token: randomToken() });
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringMatching(/Too many failed authentications/),
      code: 'AUTH.TOO_MANY_FAILURES',
    });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);

    // Another service (another instance) shares the count: its first failure from this address is refused.
    const elsewhere = await events.post('/api/events', {}, { token: randomToken() });
    expect(elsewhere.status).toBe(429);
    // Refused without a look-up, even with the fan's own token while the address is blocked...
    expect((await events.get('/api/events/0123456789abcdef01234567/inventario', { token: fan.access_token })).status).toBe(429);
    // ...but staff keys are checked in process and cost nothing: they still work.
    expect((await events.get('/metrics', { token: stack.keys.admin })).status).toBe(200);
    // Public routes never authenticate.
    expect((await events.get('/api/events')).status).toBe(200);
  });
});
