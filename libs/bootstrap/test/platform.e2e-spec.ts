import { api, SERVICE_NAMES, sharedStack } from '@eventflow/testing';

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

    it('echoes a safe X-Request-Id and mints one otherwise', async () => {
      const echoed = await client.get('/health', { headers: { 'x-request-id': 'trace-42' } });
      expect(echoed.headers.get('x-request-id')).toBe('trace-42');
      const minted = await client.get('/health', { headers: { 'x-request-id': 'bad id with spaces' } });
      expect(minted.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });
  });
});
