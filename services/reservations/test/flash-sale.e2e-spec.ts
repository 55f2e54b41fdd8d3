import { randomInt } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, freePort, RunningService, sharedStack, startService } from '@eventflow/testing';
import { apisOf, createEvent, Fan, historyOf, inventoryOf, registerFans, reservationsOf, reserve } from './support';

/**
 * 500 concurrent reservations (1–4 tickets each, 120 fans, some firing several at once)
 * against 100 tickets, spread over two instances of the service: exactly 100 sold, nobody above the limit, and the inventory counter,
 * the ledger, the reservations and the fans' histories agree afterwards.
 */
describe('flash sale', () => {
  const stack = sharedStack();
  const apis = apisOf(stack);
  const LIMIT = 10;
  let second: RunningService;

  // A second instance of the reservations service against the same stores takes half the traffic.
  beforeAll(async () => {
    const [port, rpcPort] = await Promise.all([freePort(), freePort()]);
    second = await startService(
      'reservations',
      { ...stack.env, PORT: String(port), RPC_PORT: String(rpcPort) },
      mkdtempSync(join(tmpdir(), 'eventflow-second-')),
    );
  }, 60_000);

  afterAll(async () => {
    await second?.stop();
  });

  it('sells exactly aforo_total, never more, and every record agrees', async () => {
    const fans = await registerFans(apis, 120, 20);
    const eventoId = await createEvent(apis, { aforo_total: 100, precio: 10 });
    const requests: { fan: Fan; cantidad: number }[] = [];
    for (let i = 0; i < 500; i++) {
      // A third of the traffic comes from 20 eager fans, each firing many requests at once.
      const fan = i % 3 === 0 ? fans[i % 20] : fans[randomInt(fans.length)];
      requests.push({ fan, cantidad: randomInt(1, 5) });
    }
    const secondApis = { ...apis, reservations: api(second.url) };
    const responses = await Promise.all(
      requests.map(({ fan, cantidad }, i) => reserve(i % 2 === 0 ? apis : secondApis, fan, eventoId, cantidad)),
    );

    expect(responses.filter((r) => r.status !== 201 && r.status !== 409).map((r) => `${r.status} ${r.body?.message}`)).toEqual([]);
    const confirmed = responses.filter((r) => r.status === 201);
    const sold = confirmed.reduce((sum, r) => sum + r.body.cantidad, 0);
    expect(sold).toBe(100);
    for (const r of responses.filter((r) => r.status === 409)) {
      expect(['entradas_insuficientes', 'limite_de_compra']).toContain(r.body.motivo);
    }

    const inventory = await inventoryOf(apis, eventoId);
    expect(inventory).toMatchObject({ aforo_total: 100, vendidas: 100, retenidas: 0, disponibles: 0, consistente: true });

    const involved = [...new Map(requests.map((r) => [r.fan.id, r.fan])).values()];
    let fromReservations = 0;
    let fromHistories = 0;
    for (const fan of involved) {
      const stored = (await reservationsOf(apis, fan)).filter((r) => r.evento_id === eventoId);
      expect(stored.filter((r) => r.estado !== 'confirmada' && r.estado !== 'fallida')).toEqual([]);
      const fanTickets = stored.filter((r) => r.estado === 'confirmada').reduce((sum, r) => sum + r.cantidad, 0);
      expect(fanTickets).toBeLessThanOrEqual(LIMIT);
      fromReservations += fanTickets;
      const history = (await historyOf(apis, fan)).filter((p) => p.evento_id === eventoId);
      const confirmedIds = stored
        .filter((r) => r.estado === 'confirmada')
        .map((r) => r.reserva_id)
        .sort();
      expect(history.map((p) => p.reserva_id).sort()).toEqual(confirmedIds);
      fromHistories += history.reduce((sum, p) => sum + p.cantidad, 0);
    }
    expect(fromReservations).toBe(100);
    expect(fromHistories).toBe(100);
  }, 120_000);
});
