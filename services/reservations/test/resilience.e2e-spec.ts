import { startStack, TestStack, waitUntil } from '@eventflow/testing';
import {
  Apis,
  apisOf,
  createEvent,
  historyOf,
  inventoryOf,
  registerFan,
  registerFans,
  reservationOf,
  reservationsOf,
  reserve,
  TERMINAL,
  waitForTerminal,
} from './support';

/**
 * Failures mid-saga, on a stack of its own: a slow simulated payment keeps sagas in flight
 * long enough to stop the events service or kill the reservations process under them.
 */
describe('reservations under failure', () => {
  let stack: TestStack;
  let apis: Apis;

  beforeAll(async () => {
    stack = await startStack({
      serviceEnv: {
        reservations: {
          PAYMENT_LATENCY_MS: '1500',
          PAYMENT_TIMEOUT_MS: '2500',
          SAGA_LEASE_MS: '3000',
          RECOVERY_INTERVAL_MS: '500',
          COMPENSATION_BACKOFF_MS: '200',
          STEP_ATTEMPTS: '2',
          RPC_TIMEOUT_MS: '1000',
          FAN_TOKEN_CACHE_TTL_MS: '60000',
        },
      },
    });
    apis = apisOf(stack);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('the events service stopped mid-flight → 503, then nothing leaked once it is back', async () => {
    const fan = await registerFan(apis);
    const eventoId = await createEvent(apis, { aforo_total: 10 });
    const inFlight = reserve(apis, fan, eventoId, 2);
    // Wait until the tickets are held (the saga is now paying), then take the events service away.
    await waitUntil(async () => (await inventoryOf(apis, eventoId)).retenidas === 2, { timeoutMs: 10_000, description: 'tickets held' });
    await stack.services.events.stop();
    const response = await inFlight;
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBeTruthy();
    expect(response.body).toMatchObject({ statusCode: 503, reserva_id: expect.any(String) });

    await stack.services.events.start();
    const settled = await waitForTerminal(apis, response.body.reserva_id);
    expect(settled.estado).toBe('fallida');
    expect(await inventoryOf(apis, eventoId)).toMatchObject({ vendidas: 0, retenidas: 0, disponibles: 10, consistente: true });
    expect(await historyOf(apis, fan)).toEqual([]);
    // The purchase limit was given back as well.
    expect((await reserve(apis, fan, eventoId, 10)).status).toBe(201);
  }, 60_000);

  it('a killed reservations process leaves no saga behind: each ends confirmada or fallida after a restart', async () => {
    const fans = await registerFans(apis, 8);
    const eventoId = await createEvent(apis, { aforo_total: 30 });
    const requests = fans.flatMap((fan) => [1, 2].map((cantidad) => reserve(apis, fan, eventoId, cantidad).catch(() => undefined)));
    // All 16 sagas hold their tickets and sit in the slow payment step.
    await waitUntil(async () => (await inventoryOf(apis, eventoId)).retenidas === 24, {
      timeoutMs: 15_000,
      description: 'every saga in flight',
    });
    await stack.services.reservations.stop('SIGKILL');
    await Promise.all(requests);
    await stack.services.reservations.start();

    const all = await waitUntil(
      async () => {
        const listed = (await Promise.all(fans.map((fan) => reservationsOf(apis, fan)))).flat();
        return listed.length === 16 && listed.every((r) => TERMINAL.includes(r.estado)) ? listed : false;
      },
      { timeoutMs: 30_000, intervalMs: 250, description: 'every saga to settle after the restart' },
    );
    expect(all.every((r) => r.estado === 'confirmada' || r.estado === 'fallida')).toBe(true);
    const sold = all.filter((r) => r.estado === 'confirmada').reduce((sum, r) => sum + r.cantidad, 0);
    expect(await inventoryOf(apis, eventoId)).toMatchObject({ vendidas: sold, retenidas: 0, disponibles: 30 - sold, consistente: true });
    const histories = (await Promise.all(fans.map((fan) => historyOf(apis, fan)))).flat().filter((p) => p.evento_id === eventoId);
    expect(histories.reduce((sum, p) => sum + p.cantidad, 0)).toBe(sold);
    const detail = await reservationOf(apis, all[0].reserva_id);
    expect(detail.saga.length).toBe(7);
  }, 90_000);
});
