import { connect } from 'node:net';
import Fastify, { FastifyInstance } from 'fastify';
import { answerUnavailableWhileDraining, DRAINING_SERVER_OPTIONS } from './draining';

/**
 * A request that reaches a service while it shuts down (a keep-alive connection, a pipelined
 * request) is turned away with a 503 a client knows how to retry: with Retry-After, as every 503.
 */
describe(answerUnavailableWhileDraining.name, () => {
  let server: FastifyInstance;

  afterEach(async () => {
    await server?.close();
  });

  it('answers a request arriving during graceful shutdown with 503, Retry-After and our error body', async () => {
    server = Fastify(DRAINING_SERVER_OPTIONS);
    answerUnavailableWhileDraining(server);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const slowEntered = new Promise<void>((resolve) => (entered = resolve));
    server.get('/slow', async () => {
      entered();
      await released;
      return { ok: true };
    });
    server.get('/fast', async () => ({ ok: true }));
    let closing!: () => void;
    const closingStarted = new Promise<void>((resolve) => (closing = resolve));
    server.addHook('preClose', (done) => {
      closing();
      done();
    });
    await server.listen({ port: 0, host: '127.0.0.1' });
    const { port } = server.server.address() as { port: number };

    // One keep-alive connection, kept busy by a slow request while the shutdown starts.
    const socket = connect(port, '127.0.0.1');
    let raw = '';
    socket.on('data', (chunk) => (raw += chunk.toString()));
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
    await slowEntered;
    const closed = server.close();
    await closingStarted;
    // The next request on this busy keep-alive connection arrives while the server drains.
    socket.write('GET /fast HTTP/1.1\r\nHost: x\r\n\r\n');
    release();
    await ended;
    await closed;

    const responses = raw.split(/(?=HTTP\/1\.1 )/);
    expect(responses[0]).toMatch(/^HTTP\/1\.1 200/);
    const second = responses[1] ?? '';
    expect(second).toMatch(/^HTTP\/1\.1 503/);
    expect(second).toMatch(/\r\nretry-after: 1\r\n/i);
    expect(second).toMatch(/\r\nconnection: close\r\n/i);
    expect(JSON.parse(second.slice(second.indexOf('\r\n\r\n') + 4))).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'The service is shutting down: retry shortly',
    });
  });
});
