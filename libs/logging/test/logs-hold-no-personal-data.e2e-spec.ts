import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Redis from 'ioredis';
import { aFan, anEvent, api, SERVICE_NAMES, startStack, TestStack, waitUntil } from '@eventflow/testing';

/**
 * The review's M8 and the probe's B10: a full scenario (register, create an event, reserve, read
 * the profile, export) run once normally and once while Redis refuses every write (-OOM), after
 * which no log line of any service holds a secret or anything that identifies a fan.
 */
describe('the logs of a full scenario, with Redis failing half-way', () => {
  let stack: TestStack;
  let redis: Redis;
  const secrets: Record<string, string> = {};
  const identifiers: Record<string, string> = {};
  const logLines = () => SERVICE_NAMES.flatMap((name) => readFileSync(stack.services[name].logFile, 'utf8').split('\n').filter(Boolean));
  const unique = () =>
    randomBytes(6)
      .toString('hex')
      .replace(/\d/g, (d) => 'ghijklmnop'[Number(d)]);

  async function scenario(label: string): Promise<void> {
    const users = api(stack.services.users.url);
    const events = api(stack.services.events.url);
    const reservations = api(stack.services.reservations.url);
    const body = aFan({ nombre: `Nombre${unique()}`, apellido: `Apellido${unique()}` });
    const registered = await users.post('/api/users', body);
    expect(registered.status).toBe(201);
    const { usuario_id: userId, access_token: token } = registered.body;
    Object.assign(identifiers, {
      [`${label} usuario_id`]: userId,
      [`${label} nro_documento`]: body.nro_documento as string,
      [`${label} email`]: body.email as string,
      [`${label} nombre`]: body.nombre as string,
      [`${label} apellido`]: body.apellido as string,
    });
    Object.assign(secrets, { [`${label} access_token`]: token, [`${label} token hash`]: createHash('sha256').update(token).digest('hex') });
    const created = await events.post('/api/events', anEvent({ aforo_total: 20 }), { token: stack.keys.organizer });
    const eventoId = created.body.evento_id ?? '0123456789abcdef01234567';
    await users.get(`/api/users/${userId}`, { token });
    await reservations.post(
      '/api/reservar',
      { usuario_id: userId, evento_id: eventoId, cantidad: 1 },
      { token, headers: { 'idempotency-key': `k-${label}` } },
    );
    await users.get(`/api/users/${userId}`, { token });
    await reservations.get(`/api/reservar?usuario_id=${userId}`, { token });
    await users.get('/api/users/exportar?format=csv', { token: stack.keys.analyst });
    await users.get('/api/users/exportar', { token: stack.keys.analyst });
  }

  beforeAll(async () => {
    stack = await startStack({ env: { LOG_LEVEL: 'debug' } });
    redis = new Redis(stack.redis.url);
    Object.assign(secrets, {
      organizer: stack.keys.organizer,
      analyst: stack.keys.analyst,
      admin: stack.keys.admin,
      RPC_SECRETS: stack.env.RPC_SECRETS.split(':')[1],
      DOCUMENT_HASH_KEY: stack.env.DOCUMENT_HASH_KEY,
      ENCRYPTION_KEYS: stack.env.ENCRYPTION_KEYS.split(':')[1],
    });
    await scenario('healthy');
    // Every write now answers -OOM; reads still work, so the services keep going and log the failures.
    await redis.config('SET', 'maxmemory-policy', 'noeviction');
    await redis.config('SET', 'maxmemory', '1');
    try {
      await scenario('redis refusing writes');
      await waitUntil(() => logLines().some((line) => line.includes('OOM')), { description: 'a logged Redis OOM error' });
    } finally {
      await redis.config('SET', 'maxmemory', '0');
    }
  }, 180_000);

  afterAll(async () => {
    await redis?.quit();
    await stack?.stop();
  });

  it('exercised the error paths: Redis errors were logged', () => {
    const failures = logLines().filter((line) => /Redis unavailable|OOM/.test(line));
    expect(failures.length).toBeGreaterThan(0);
    for (const line of failures) {
      const parsed = JSON.parse(line) as { err?: unknown };
      if (typeof parsed.err === 'object' && parsed.err !== null) {
        expect(Object.keys(parsed.err).sort()).toEqual(expect.arrayContaining(['message', 'type']));
        expect(parsed.err).not.toHaveProperty('command');
      }
    }
  });

  it('no log line of any service holds a secret, a token, a document number, an e-mail, a name or a usuario_id', () => {
    const lines = logLines();
    expect(lines.length).toBeGreaterThan(20);
    const leaks = Object.entries({ ...secrets, ...identifiers }).flatMap(([what, value]) =>
      lines.filter((line) => line.includes(value)).map((line) => `${what} in: ${line.slice(0, 300)}`),
    );
    expect(leaks).toEqual([]);
  });

  it('B10: access logs name the route pattern, never the URL with its ids', () => {
    const access = logLines()
      .map((line) => JSON.parse(line) as { msg?: string; req?: { route?: string; url?: string } })
      .filter((line) => line.msg === 'request completed');
    const routes = new Set(access.map((line) => line.req?.route));
    expect([...routes]).toEqual(expect.arrayContaining(['/api/users/:usuario_id', '/api/users/exportar', '/api/reservar']));
    expect(access.every((line) => line.req?.url === undefined)).toBe(true);
  });
});
