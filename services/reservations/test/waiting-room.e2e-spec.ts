import { startStack, TestStack, waitUntil } from '@eventflow/testing';
import { Apis, apisOf, createEvent, Fan, inventoryOf, registerFan, registerFans, reserve } from './support';

/**
 * The on-sale waiting room over HTTP, on a stack of its own (the admitter ticks every 200 ms).
 * Admission credit accrues from a room's first arrival at `admitidos_por_minuto`, so at 6 a
 * minute the first fan is admitted about 10 s after the room opens, the next 10 s later.
 */
describe('the waiting room', () => {
  let stack: TestStack;
  let apis: Apis;

  beforeAll(async () => {
    stack = await startStack({ serviceEnv: { reservations: { ADMISSION_TICK_MS: '200', FAN_TOKEN_CACHE_TTL_MS: '300000' } } });
    apis = apisOf(stack);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const room = (admitidos_por_minuto: number, ventana_compra_s = 60) => ({
    sala_de_espera: { activa: true, admitidos_por_minuto, ventana_compra_s },
  });
  const join = (fan: Fan, eventoId: string) => apis.reservations.post(`/api/events/${eventoId}/fila`, undefined, { token: fan.token });
  const poll = (fan: Fan, eventoId: string, turnoId: string) =>
    apis.reservations.get(`/api/events/${eventoId}/fila/${turnoId}`, { token: fan.token });
  const admitted = (fan: Fan, eventoId: string, turnoId: string, timeoutMs = 30_000) =>
    waitUntil(
      async () => {
        const response = await poll(fan, eventoId, turnoId);
        return response.body.estado === 'admitido' ? response.body : false;
      },
      { timeoutMs, intervalMs: 200, description: `turn ${turnoId} admitted` },
    );

  it('the organizer sets the room on the event, and the event shows it; bad settings are a 400', async () => {
    const eventoId = await createEvent(apis, room(30, 120));
    const shown = await apis.events.get(`/api/events/${eventoId}`);
    expect(shown.body.sala_de_espera).toEqual({ activa: true, admitidos_por_minuto: 30, ventana_compra_s: 120 });
    const bad = await apis.events.patch(
      `/api/events/${eventoId}`,
      { sala_de_espera: { activa: true, admitidos_por_minuto: 0, ventana_compra_s: 10 } },
      { token: apis.keys.organizer },
    );
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ statusCode: 400, error: expect.any(String), message: expect.any(String) });
    const off = await apis.events.patch(
      `/api/events/${eventoId}`,
      { sala_de_espera: { activa: false, admitidos_por_minuto: 30, ventana_compra_s: 120 } },
      { token: apis.keys.organizer },
    );
    expect(off.status).toBe(200);
    expect(off.body.sala_de_espera.activa).toBe(false);
  });

  it('a fan joins, gets the same turn when joining twice, and polls it with a Retry-After', async () => {
    const [fan, other] = await registerFans(apis, 2);
    const eventoId = await createEvent(apis, room(6));
    const first = await join(fan, eventoId);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ turno_id: expect.any(String), posicion: 1, estado: 'esperando', espera_estimada_s: 10 });
    expect((await join(fan, eventoId)).body.turno_id).toBe(first.body.turno_id);
    const polled = await poll(fan, eventoId, first.body.turno_id);
    expect(polled.status).toBe(200);
    expect(polled.body).toMatchObject({ turno_id: first.body.turno_id, estado: 'esperando', posicion: 1 });
    expect(Number(polled.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another fan's turn is not theirs to read; a turn id nobody handed out is a 404, a malformed one a 400.
    expect((await poll(other, eventoId, first.body.turno_id)).status).toBe(404);
    expect((await poll(fan, eventoId, 'A'.repeat(22))).status).toBe(404);
    expect((await poll(fan, eventoId, 'nope')).status).toBe(400);
    // Only fans queue, and only where there is a room.
    expect((await apis.reservations.post(`/api/events/${eventoId}/fila`)).status).toBe(401);
    const noRoom = await join(fan, await createEvent(apis));
    expect(noRoom.status).toBe(409);
    expect(noRoom.body).toMatchObject({ code: 'WAITING_ROOM.NOT_ACTIVE' });
    expect((await join(fan, '0'.repeat(24))).status).toBe(404);
  });

  it('50 fans joining at once get positions 1–50, each exactly once', async () => {
    const fans = await registerFans(apis, 50);
    const eventoId = await createEvent(apis, room(1));
    const turns = await Promise.all(fans.map((fan) => join(fan, eventoId)));
    expect(turns.every((response) => response.status === 201)).toBe(true);
    const positions = turns.map((response) => response.body.posicion).sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('two fans racing for one admission: the first to arrive is admitted, the other still waits', async () => {
    const [a, b] = await registerFans(apis, 2);
    const eventoId = await createEvent(apis, room(6));
    const [ja, jb] = await Promise.all([join(a, eventoId), join(b, eventoId)]);
    const [first, second] =
      ja.body.posicion === 1
        ? [
            [a, ja],
            [b, jb],
          ]
        : [
            [b, jb],
            [a, ja],
          ];
    expect([ja.body.posicion, jb.body.posicion].sort()).toEqual([1, 2]);
    const admission = await admitted(first[0] as Fan, eventoId, (first[1] as any).body.turno_id);
    expect(admission).toMatchObject({ posicion: 0, token_admision: expect.any(String), expira_en: expect.any(String) });
    const waiting = await poll(second[0] as Fan, eventoId, (second[1] as any).body.turno_id);
    expect(waiting.body).toMatchObject({ estado: 'esperando', posicion: 1 });
    expect(waiting.body).not.toHaveProperty('token_admision');
  }, 60_000);

  it('the organizer holds the gate at 1 a minute while fans gather, then opens it: nobody has to join for the new rate to apply', async () => {
    const [first, second] = await registerFans(apis, 2);
    const eventoId = await createEvent(apis, room(1));
    const turns = [await join(first, eventoId), await join(second, eventoId)];
    const opened = await apis.events.patch(`/api/events/${eventoId}`, room(600), { token: apis.keys.organizer });
    expect(opened.status).toBe(200);
    // At 1 a minute the second fan would wait two minutes; at 600 a minute, a tick or two.
    await admitted(first, eventoId, turns[0].body.turno_id, 10_000);
    await admitted(second, eventoId, turns[1].body.turno_id, 10_000);
  }, 30_000);

  it("a fan's first request here needs no call to the users service: fans who registered earlier queue while it is down", async () => {
    const fan = await registerFan(apis);
    const eventoId = await createEvent(apis, room(60));
    await stack.services.users.stop();
    try {
      const turn = await join(fan, eventoId);
      expect(turn.status).toBe(201);
      expect(turn.body).toMatchObject({ estado: 'esperando', posicion: 1 });
      // A token nobody was given is still refused (its owner is unknown, and the users service cannot say).
      expect((await apis.reservations.post(`/api/events/${eventoId}/fila`, undefined, { token: 'x'.repeat(43) })).status).not.toBe(201);
    } finally {
      await stack.services.users.start();
    }
  }, 60_000);

  it('reserving needs an admitted token: none, a spent one or another fan’s is a 409 and stores nothing', async () => {
    const [fan, other] = await registerFans(apis, 2);
    const eventoId = await createEvent(apis, { aforo_total: 10, ...room(600) });
    const turn = await join(fan, eventoId);
    const { token_admision } = await admitted(fan, eventoId, turn.body.turno_id);

    const without = await reserve(apis, fan, eventoId, 1);
    expect(without.status).toBe(409);
    expect(without.body).toMatchObject({ code: 'RESERVATION.ADMISSION_REQUIRED', motivo: 'turno_requerido', estado: 'fallida' });
    expect(without.body).not.toHaveProperty('reserva_id');
    const stolen = await reserve(apis, other, eventoId, 1, { 'X-Admission-Token': token_admision });
    expect(stolen.status).toBe(409);
    expect(stolen.body).toMatchObject({ code: 'RESERVATION.ADMISSION_REQUIRED' });

    // A declined payment gives the token back for the rest of its window.
    const declined = await reserve(apis, fan, eventoId, 1, { 'X-Admission-Token': token_admision, 'X-Test-Payment': 'decline' });
    expect(declined.status).toBe(409);
    expect(declined.body).toMatchObject({ motivo: 'pago_rechazado' });
    const bought = await reserve(apis, fan, eventoId, 2, { 'X-Admission-Token': token_admision });
    expect(bought.status).toBe(201);
    const spent = await reserve(apis, fan, eventoId, 1, { 'X-Admission-Token': token_admision });
    expect(spent.status).toBe(409);
    expect(spent.body).toMatchObject({ code: 'RESERVATION.ADMISSION_REQUIRED', motivo: 'turno_requerido' });
    expect(await inventoryOf(apis, eventoId)).toMatchObject({ vendidas: 2, retenidas: 0, consistente: true });
  }, 60_000);

  it('an unused token expires with its window, and the fan may join again at the back', async () => {
    const fan = await registerFan(apis);
    const eventoId = await createEvent(apis, room(600, 30));
    const turn = await join(fan, eventoId);
    const { token_admision } = await admitted(fan, eventoId, turn.body.turno_id);
    const expired = await waitUntil(
      async () => {
        const response = await poll(fan, eventoId, turn.body.turno_id);
        return response.body.estado === 'expirado' ? response.body : false;
      },
      { timeoutMs: 45_000, intervalMs: 500, description: 'the turn to expire' },
    );
    expect(expired).not.toHaveProperty('token_admision');
    const late = await reserve(apis, fan, eventoId, 1, { 'X-Admission-Token': token_admision });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'RESERVATION.ADMISSION_REQUIRED' });
    const again = await join(fan, eventoId);
    expect(again.status).toBe(201);
    expect(again.body.turno_id).not.toBe(turn.body.turno_id);
  }, 90_000);
});
