import { startStack, TestStack, waitUntil } from '@eventflow/testing';
import { Apis, apisOf, createEvent, Fan, inventoryOf, registerFans, reserve } from './support';

/** The waiting list over HTTP, on a stack of its own: offers run every 200 ms and last 6 s. */
describe('the waiting list', () => {
  let stack: TestStack;
  let apis: Apis;

  beforeAll(async () => {
    stack = await startStack({
      serviceEnv: { reservations: { WAITING_LIST_TICK_MS: '200', OFERTA_LISTA_ESPERA_S: '6', FAN_TOKEN_CACHE_TTL_MS: '300000' } },
    });
    apis = apisOf(stack);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const path = (eventoId: string) => `/api/events/${eventoId}/lista-de-espera`;
  const join = (fan: Fan, eventoId: string, cantidad: number) => apis.reservations.post(path(eventoId), { cantidad }, { token: fan.token });
  const entry = (fan: Fan, eventoId: string) => apis.reservations.get(path(eventoId), { token: fan.token });
  const offered = (fan: Fan, eventoId: string) =>
    waitUntil(
      async () => {
        const response = await entry(fan, eventoId);
        return response.body.oferta ? response.body : false;
      },
      { timeoutMs: 20_000, intervalMs: 100, description: 'an offer for the fan' },
    );

  /** A sold-out event of `aforo` tickets, all bought by `buyer` in one reservation; its id and the reservation's. */
  async function soldOut(buyer: Fan, aforo: number): Promise<{ eventoId: string; reservaId: string }> {
    const eventoId = await createEvent(apis, { aforo_total: aforo });
    const bought = await reserve(apis, buyer, eventoId, aforo);
    expect(bought.status).toBe(201);
    return { eventoId, reservaId: bought.body.reserva_id };
  }

  it('a fan joins a sold-out event, sees their place, joins twice to the same place, and leaves', async () => {
    const [buyer, fan, other] = await registerFans(apis, 3);
    const onSale = await createEvent(apis, { aforo_total: 5 });
    const early = await join(fan, onSale, 2);
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'WAITING_LIST.TICKETS_AVAILABLE' });

    const { eventoId } = await soldOut(buyer, 2);
    const joined = await join(fan, eventoId, 2);
    expect(joined.status).toBe(201);
    expect(joined.body).toEqual({ posicion: 1, cantidad: 2 });
    expect((await join(other, eventoId, 1)).body).toEqual({ posicion: 2, cantidad: 1 });
    expect((await join(fan, eventoId, 1)).body).toEqual({ posicion: 1, cantidad: 2 });
    expect((await entry(other, eventoId)).body).toEqual({ posicion: 2, cantidad: 1 });

    expect((await apis.reservations.delete(path(eventoId), { token: fan.token })).status).toBe(204);
    expect((await entry(fan, eventoId)).status).toBe(404);
    expect((await entry(other, eventoId)).body).toEqual({ posicion: 1, cantidad: 1 });

    // Bad input and the wrong callers.
    expect((await join(fan, eventoId, 0)).status).toBe(400);
    expect((await join(fan, eventoId, 11)).status).toBe(400);
    expect((await apis.reservations.post(path(eventoId), { cantidad: 1 }, { token: apis.keys.admin })).status).toBe(403);
    expect((await apis.reservations.post(path(eventoId), { cantidad: 1 })).status).toBe(401);
    expect((await join(fan, '0'.repeat(24), 1)).status).toBe(404);
  }, 60_000);

  it('a returned ticket goes to the list’s first fan whose quantity fits, and nobody else can buy it during the offer', async () => {
    const [buyer, first, second, stranger] = await registerFans(apis, 4);
    const { eventoId, reservaId } = await soldOut(buyer, 2);
    expect((await join(first, eventoId, 2)).status).toBe(201);
    expect((await join(second, eventoId, 1)).status).toBe(201);

    expect((await apis.reservations.delete(`/api/reservar/${reservaId}`, { token: buyer.token })).status).toBe(200);
    const offer = await offered(first, eventoId);
    expect(offer).toEqual({ posicion: 1, cantidad: 2, oferta: { cantidad: 2, expira_en: expect.any(String) } });
    expect((await entry(second, eventoId)).body).not.toHaveProperty('oferta');
    expect(await inventoryOf(apis, eventoId)).toMatchObject({ ofrecidas: 2, retenidas: 2, disponibles: 0, vendidas: 0 });

    for (const [fan, cantidad] of [
      [stranger, 1],
      [second, 1],
      [buyer, 2],
    ] as const) {
      const refused = await reserve(apis, fan, eventoId, cantidad);
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'RESERVATION.SOLD_OUT' });
    }
    const taken = await reserve(apis, first, eventoId, 2);
    expect(taken.status).toBe(201);
    expect(taken.body.estado).toBe('confirmada');
    expect((await entry(first, eventoId)).status).toBe(404);
    expect(await inventoryOf(apis, eventoId)).toMatchObject({ ofrecidas: 0, retenidas: 0, vendidas: 2, consistente: true });
  }, 60_000);

  it('an offer not taken in time goes to the next fan', async () => {
    const [buyer, first, second] = await registerFans(apis, 3);
    const { eventoId, reservaId } = await soldOut(buyer, 1);
    expect((await join(first, eventoId, 1)).status).toBe(201);
    expect((await join(second, eventoId, 1)).status).toBe(201);
    expect((await apis.reservations.delete(`/api/reservar/${reservaId}`, { token: buyer.token })).status).toBe(200);
    await offered(first, eventoId);

    const moved = await offered(second, eventoId);
    expect(moved).toMatchObject({ posicion: 1, oferta: { cantidad: 1 } });
    // The first fan's offer ran out: they left the list, and the ticket is not theirs any more.
    expect((await entry(first, eventoId)).status).toBe(404);
    expect((await reserve(apis, first, eventoId, 1)).status).toBe(409);
    expect((await reserve(apis, second, eventoId, 1)).status).toBe(201);
    expect(await inventoryOf(apis, eventoId)).toMatchObject({ vendidas: 1, retenidas: 0, ofrecidas: 0, consistente: true });
  }, 60_000);
});
