import { api, SERVICE_NAMES, ServiceName, sharedStack } from '@eventflow/testing';

/** Each service's public POST route, where a body is parsed. */
const POST_ROUTE: Record<ServiceName, string> = { users: '/api/users', events: '/api/events', reservations: '/api/reservar' };

/** Cross-cutting behaviour every service shares: readiness and the error shape. */
describe('every service', () => {
  const stack = sharedStack();

  describe.each(SERVICE_NAMES.filter((name) => name in stack.services))('%s', (name) => {
    const client = api(stack.services[name].url);

    it('is live and ready with MongoDB and Redis up', async () => {
      expect((await client.get('/health')).status).toBe(200);
      const ready = await client.get('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.details).toMatchObject({ mongodb: { status: 'up' }, redis: { status: 'up' } });
    });

    it('answers an unknown route with a 404 JSON error', async () => {
      const response = await client.get('/no/such/route');
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ statusCode: 404, error: 'Not Found', message: expect.stringContaining('/no/such/route') });
    });

    it('answers malformed JSON with a 400 JSON error, whoever sends it', async () => {
      for (const token of [undefined, stack.keys.admin, stack.keys.organizer]) {
        const response = await client.post(POST_ROUTE[name], undefined, { rawBody: '{bad json', token });
        expect([400, 401, 403]).toContain(response.status);
        expect(response.body).toEqual({ statusCode: response.status, error: expect.any(String), message: expect.any(String) });
      }
      const asAdmin = await client.post(POST_ROUTE[name], undefined, { rawBody: '{bad json', token: stack.keys.admin });
      expect(asAdmin.status).toBe(400);
      expect(asAdmin.body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.any(String) });
    });

    it('refuses an oversized body with 413 and an unsupported content type with 415', async () => {
      const big = await client.post(POST_ROUTE[name], undefined, {
        rawBody: JSON.stringify({ x: 'y'.repeat(64 * 1024) }),
        token: stack.keys.admin,
      });
      expect(big.status).toBe(413);
      expect(big.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
      const xml = await client.post(POST_ROUTE[name], undefined, {
        rawBody: '<a/>',
        headers: { 'content-type': 'application/xml' },
        token: stack.keys.admin,
      });
      expect(xml.status).toBe(415);
      expect(xml.body).toMatchObject({ statusCode: 415 });
    });

    it('echoes a safe X-Request-Id and mints one otherwise', async () => {
      const echoed = await client.get('/health', { headers: { 'x-request-id': 'trace-42' } });
      expect(echoed.headers.get('x-request-id')).toBe('trace-42');
      const minted = await client.get('/health', { headers: { 'x-request-id': 'bad id with spaces' } });
      expect(minted.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });
  });
});
