import Redis from 'ioredis';
import { anEvent, api, startStack, TestStack, waitUntil } from '@eventflow/testing';
import { RpcClient } from '@eventflow/contracts';
import { aReservationId, eventsRpc, ledgerReader } from './support';

/**
 * Inventory under concurrency and failure, on a stack of its own (it flushes Redis and
 * stops FerretDB, which would disturb other test files sharing a stack).
 */
describe('inventory', () => {
  let stack: TestStack;
  let rpc: RpcClient;
  let redis: Redis;
  let ledger: Awaited<ReturnType<typeof ledgerReader>>;
  let client: ReturnType<typeof api>;

  beforeAll(async () => {
    stack = await startStack({ only: ['events'], serviceEnv: { events: { RECONCILE_INTERVAL_MS: '300' } } });
    client = api(stack.services.events.url);
    rpc = eventsRpc(stack.services.events.rpcPort);
    redis = new Redis(stack.redis.url);
    ledger = await ledgerReader(stack.mongo.url);
  }, 120_000);

  afterAll(async () => {
    await rpc?.close();
    await redis?.quit();
    await ledger?.close();
    await stack?.stop();
  });

  const createEvent = async (overrides: Record<string, unknown> = {}) => {
    const response = await client.post('/api/events', anEvent(overrides), { token: stack.keys.organizer });
    expect(response.status).toBe(201);
    return response.body.evento_id as string;
  };
  const counter = (eventoId: string) => redis.get(`eventflow:events:{${eventoId}}:avail`);
  const report = async (eventoId: string) => (await client.get(`/api/events/${eventoId}/inventario`, { token: stack.keys.admin })).body;
  const reserveOne = (eventoId: string, reservaId: string) =>
    rpc.send('events.inventory.reserve', { evento_id: eventoId, reserva_id: reservaId, cantidad: 1 });

  it('lets exactly 50 of 200 parallel single-ticket reserves through, and releasing each twice restores exactly 50', async () => {
    const eventoId = await createEvent({ aforo_total: 50 });
    const ids = Array.from({ length: 200 }, () => aReservationId());
    const answers = await Promise.all(ids.map((id) => reserveOne(eventoId, id)));

    const reserved = ids.filter((_, i) => answers[i].reserved);
    expect(reserved).toHaveLength(50);
    expect(answers.filter((a) => !a.reserved)).toEqual(Array(150).fill({ reserved: false, reason: 'SOLD_OUT', disponibles: 0 }));
    expect(await counter(eventoId)).toBe('0');
    expect(await ledger.count(eventoId, 'reserve')).toBe(50);

    const releases = await Promise.all(
      [...reserved, ...reserved].map((id) => rpc.send('events.inventory.release', { evento_id: eventoId, reserva_id: id })),
    );
    expect(releases.filter((r) => r.released)).toHaveLength(50);
    expect(await counter(eventoId)).toBe('50');
    expect(await ledger.count(eventoId, 'release')).toBe(50);
    expect(await report(eventoId)).toMatchObject({ vendidas: 0, retenidas: 0, disponibles: 50, consistente: true });
  });

  it('rebuilds the counter from the ledger after FLUSHALL in the middle of a run, without overselling', async () => {
    const eventoId = await createEvent({ aforo_total: 50 });
    const ids = Array.from({ length: 200 }, () => aReservationId());
    let answered = 0;
    const run = Promise.all(
      ids.map(async (id) => {
        const answer = await reserveOne(eventoId, id);
        answered++;
        return answer;
      }),
    );
    await waitUntil(() => answered >= 20, { description: 'the first reserves to be answered' });
    await redis.flushall();
    const answers = await run;

    const succeeded = answers.filter((a) => a.reserved).length;
    expect(succeeded).toBeLessThanOrEqual(50);
    const held = (await ledger.count(eventoId, 'reserve')) - (await ledger.count(eventoId, 'release'));
    expect(held).toBe(succeeded);
    expect(Number(await counter(eventoId))).toBe(50 - succeeded);

    // Whatever is left can still be sold, and not one ticket more.
    const more = await Promise.all(Array.from({ length: 60 }, () => reserveOne(eventoId, aReservationId())));
    expect(succeeded + more.filter((a) => a.reserved).length).toBe(50);
    expect(await counter(eventoId)).toBe('0');
    expect(await report(eventoId)).toMatchObject({ aforo_total: 50, retenidas: 50, disponibles: 0, consistente: true });
  });

  it('rebuilds a lost counter on the next read, from aforo_total minus held and sold tickets in the ledger', async () => {
    const eventoId = await createEvent({ aforo_total: 10 });
    const sold = aReservationId();
    await rpc.send('events.inventory.reserve', { evento_id: eventoId, reserva_id: sold, cantidad: 3 });
    await rpc.send('events.inventory.commit', { evento_id: eventoId, reserva_id: sold });
    await rpc.send('events.inventory.reserve', { evento_id: eventoId, reserva_id: aReservationId(), cantidad: 2 });
    await redis.flushall();
    expect((await client.get(`/api/events/${eventoId}`)).body.entradas_disponibles).toBe(5);
    expect(await rpc.send('events.inventory.commit', { evento_id: eventoId, reserva_id: sold })).toEqual({ committed: true });
    expect(await report(eventoId)).toMatchObject({ vendidas: 3, retenidas: 2, disponibles: 5, consistente: true });
  });

  it('rebuilds a cancelled sale as back on sale, and keeps it cancelled', async () => {
    const eventoId = await createEvent({ aforo_total: 10 });
    const cancelled = aReservationId();
    await rpc.send('events.inventory.reserve', { evento_id: eventoId, reserva_id: cancelled, cantidad: 4 });
    await rpc.send('events.inventory.commit', { evento_id: eventoId, reserva_id: cancelled });
    expect(await rpc.send('events.inventory.release', { evento_id: eventoId, reserva_id: cancelled })).toEqual({
      released: true,
      disponibles: 10,
    });
    await redis.flushall();
    expect((await client.get(`/api/events/${eventoId}`)).body.entradas_disponibles).toBe(10);
    expect(await rpc.send('events.inventory.release', { evento_id: eventoId, reserva_id: cancelled })).toEqual({
      released: false,
      disponibles: 10,
    });
    expect(await report(eventoId)).toMatchObject({ vendidas: 0, retenidas: 0, disponibles: 10, consistente: true });
  });

  it('repairs a drifted counter towards the ledger in the reconciliation job, and counts the repair', async () => {
    const eventoId = await createEvent({ aforo_total: 30 });
    await reserveOne(eventoId, aReservationId());
    await redis.set(`eventflow:events:{${eventoId}}:avail`, '999');
    const repaired = await waitUntil(
      async () => {
        const body = await report(eventoId);
        return body.consistente && body.reconciliacion.reparaciones_evento >= 1 ? body : undefined;
      },
      { timeoutMs: 20_000, description: 'the reconciliation job to repair the counter' },
    );
    expect(repaired).toMatchObject({ disponibles: 29, contador: { disponibles: 29 } });
    expect(await counter(eventoId)).toBe('29');
  });

  it('serves a cached event while FerretDB is down, and answers 503 with Retry-After on a miss', async () => {
    const cached = await createEvent();
    const uncached = await createEvent();
    const before = await client.get(`/api/events/${cached}`);
    expect(before.status).toBe(200);
    await redis.del(`eventflow:events:{${uncached}}:doc`);

    await stack.mongo.stop();
    try {
      const during = await client.get(`/api/events/${cached}`);
      expect(during.status).toBe(200);
      expect(during.body).toEqual(before.body);
      const miss = await client.get(`/api/events/${uncached}`);
      expect(miss.status).toBe(503);
      expect(miss.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(miss.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    } finally {
      await stack.mongo.start();
    }
    await waitUntil(async () => (await client.get(`/api/events/${uncached}`)).status === 200, {
      timeoutMs: 30_000,
      description: 'reads to recover',
    });
  });
});
