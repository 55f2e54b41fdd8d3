import Fastify, { FastifyInstance } from 'fastify';
import { EarlyAnswers, serverAnsweringEarly } from './early-answers';

/**
 * The early responder on a real Fastify over a real socket: it answers what it holds, with the
 * same x-request-id contract as every answer; anything it declines, fails on, or must not see
 * reaches Fastify's route untouched.
 */
describe(serverAnsweringEarly.name, () => {
  let server: FastifyInstance;
  let base: string;
  let draining: boolean;
  const answered: Array<{ route: string; statusCode: number }> = [];

  beforeEach(async () => {
    draining = false;
    answered.length = 0;
    const early: EarlyAnswers = {
      draining: () => draining,
      answered: (route, statusCode) => answered.push({ route, statusCode }),
      respond: async (url, headers) => {
        if (url === '/cached') return { route: '/cached', json: '{"from":"memory"}', headers: { 'retry-after': '3' } };
        if (url === '/broken') throw new Error('the cache is unavailable');
        if (headers['x-early'] === 'yes') return { route: '/:any', json: '{"from":"header"}' };
        return undefined;
      },
    };
    server = Fastify({ serverFactory: serverAnsweringEarly(early), keepAliveTimeout: 1234 });
    server.all('/*', async (request) => ({ from: 'fastify', method: request.method }));
    await server.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.server.address() as { port: number }).port}`;
  });

  afterEach(() => server.close());

  it('answers what it holds, with a request id, its headers, and a report for the metrics', async () => {
    const response = await fetch(`${base}/cached`, { headers: { 'x-request-id': 'abc-123' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ from: 'memory' });
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('x-request-id')).toBe('abc-123');
    expect(response.headers.get('retry-after')).toBe('3');
    expect(answered).toEqual([{ route: '/cached', statusCode: 200 }]);
    expect((await fetch(`${base}/other`, { headers: { 'x-early': 'yes' } })).headers.get('x-request-id')).toEqual(expect.any(String));
  });

  it('lets through what it declines or fails on, every method but GET, and everything while draining', async () => {
    expect(await (await fetch(`${base}/other`)).json()).toEqual({ from: 'fastify', method: 'GET' });
    expect(await (await fetch(`${base}/broken`)).json()).toEqual({ from: 'fastify', method: 'GET' });
    expect(await (await fetch(`${base}/cached`, { method: 'POST' })).json()).toEqual({ from: 'fastify', method: 'POST' });
    draining = true;
    expect(await (await fetch(`${base}/cached`)).json()).toEqual({ from: 'fastify', method: 'GET' });
    expect(answered).toEqual([]);
  });

  it('keeps the server settings Fastify would have set on a server of its own', () => {
    expect(server.server.keepAliveTimeout).toBe(1234);
  });
});
