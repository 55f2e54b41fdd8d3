import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aFan, api, freePort, RunningService, startService, startStack, TestStack } from '@eventflow/testing';

/**
 * The review's L2: the registration 409 tells an anonymous caller whether a person is registered.
 * It no longer names the field, and registrations are limited per client address, counted in
 * Redis for every users instance (this stack: 3 per window).
 */
describe('L2: registrations per client address', () => {
  const LIMIT = 3;
  let stack: TestStack;
  let secondInstance: RunningService;

  beforeAll(async () => {
    stack = await startStack({ only: ['users'], env: { REGISTRATION_RATE_LIMIT: String(LIMIT), REGISTRATION_RATE_WINDOW_MS: '60000' } });
    const [port, rpcPort] = await Promise.all([freePort(), freePort()]);
    secondInstance = await startService(
      'users',
      { ...stack.env, PORT: String(port), RPC_PORT: String(rpcPort) },
      mkdtempSync(join(tmpdir(), 'eventflow-users-2-')),
    );
  }, 120_000);
  afterAll(async () => {
    await secondInstance?.stop();
    await stack?.stop();
  });

  it('are answered as usual up to the limit, whatever they answer, then 429 with Retry-After on every instance', async () => {
    const first = api(stack.services.users.url);
    const second = api(secondInstance.url);
    const fan = aFan();
    expect((await first.post('/api/users', fan)).status).toBe(201);
    expect((await second.post('/api/users', aFan({ email: fan.email }))).status).toBe(409);
    expect((await first.post('/api/users', aFan({ nombre: '' }))).status).toBe(400);

    const limited = await second.post('/api/users', aFan());
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      code: 'USER.TOO_MANY_REGISTRATIONS',
      message: 'Too many registrations from this address; try again later',
    });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await first.post('/api/users', aFan())).status).toBe(429);

    // Other routes are not limited by it.
    expect((await first.get('/health/ready')).status).toBe(200);
  });
});
