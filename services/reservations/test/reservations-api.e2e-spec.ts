import { sharedStack } from '@eventflow/testing';
import { apisOf, createEvent, historyOf, inventoryOf, registerFan, reservationOf, reserve } from './support';

/** POST/GET/DELETE /api/reservar with all three services and real stores (the shared stack). */
describe('reservations API', () => {
  const stack = sharedStack();
  const apis = apisOf(stack);
  const { reservations } = apis;

  describe('POST /api/reservar', () => {
    it('confirms a reservation: 201 with amounts, the fan’s history and the event’s inventory updated', async () => {
      const fan = await registerFan(apis);
      const eventoId = await createEvent(apis, { aforo_total: 20, precio: 19.99 });
      const response = await reserve(apis, fan, eventoId, 3);
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        reserva_id: expect.stringMatching(/^[0-9a-f]{24}$/),
        _id: response.body.reserva_id,
        estado: 'confirmada',
        cantidad: 3,
        precio_unitario: 19.99,
        monto_total: 59.97,
      });
      expect(await historyOf(apis, fan)).toEqual([
        expect.objectContaining({ evento_id: eventoId, reserva_id: response.body.reserva_id, cantidad: 3, monto: 59.97 }),
      ]);
      expect(await inventoryOf(apis, eventoId)).toMatchObject({ vendidas: 3, retenidas: 0, disponibles: 17, consistente: true });

      const detail = await reservationOf(apis, response.body.reserva_id);
      expect(detail).toMatchObject({ estado: 'confirmada', usuario_id: fan.id, evento_id: eventoId });
      expect(detail.saga.map((s: { paso: string }) => s.paso)).toEqual([
        'limite_compra',
        'validar_usuario',
        'validar_evento',
        'reservar_inventario',
        'procesar_pago',
        'actualizar_historial',
        'confirmar',
      ]);
      expect(
        detail.saga.every((s: { estado: string; inicio: string; fin: string }) => s.estado === 'completado' && s.inicio && s.fin),
      ).toBe(true);
    });

    it('a declined payment → 409 fallida; inventory, history and the purchase limit are given back', async () => {
      const fan = await registerFan(apis);
      const eventoId = await createEvent(apis, { aforo_total: 10 });
      const declined = await reserve(apis, fan, eventoId, 4, { 'x-test-payment': 'decline' });
      expect(declined.status).toBe(409);
      expect(declined.body).toMatchObject({
        statusCode: 409,
        error: 'Conflict',
        reserva_id: expect.any(String),
        estado: 'fallida',
        motivo: 'pago_rechazado',
      });
      expect(await inventoryOf(apis, eventoId)).toMatchObject({ vendidas: 0, retenidas: 0, disponibles: 10, consistente: true });
      expect(await historyOf(apis, fan)).toEqual([]);
      const detail = await reservationOf(apis, declined.body.reserva_id);
      expect(detail.saga.find((s: { paso: string }) => s.paso === 'reservar_inventario')).toMatchObject({
        estado: 'completado',
        compensacion: 'completada',
      });
      // The limit was given back: the fan may still buy the full 10.
      expect((await reserve(apis, fan, eventoId, 10)).status).toBe(201);
    });

    it('rejects more tickets than are left with 409 and creates nothing', async () => {
      const fan = await registerFan(apis);
      const eventoId = await createEvent(apis, { aforo_total: 2 });
      const response = await reserve(apis, fan, eventoId, 3);
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ estado: 'fallida', motivo: 'entradas_insuficientes' });
      expect(response.body.reserva_id).toBeUndefined();
    });

    it('enforces the per-fan limit of 10 tickets per event', async () => {
      const fan = await registerFan(apis);
      const eventoId = await createEvent(apis, { aforo_total: 50 });
      expect((await reserve(apis, fan, eventoId, 6)).status).toBe(201);
      const over = await reserve(apis, fan, eventoId, 5);
      expect(over.status).toBe(409);
      expect(over.body).toMatchObject({ estado: 'fallida', motivo: 'limite_de_compra' });
      expect((await reserve(apis, fan, eventoId, 4)).status).toBe(201);
    });

    it('rejects a cancelled event and an unknown one', async () => {
      const fan = await registerFan(apis);
      const eventoId = await createEvent(apis);
      expect((await apis.events.patch(`/api/events/${eventoId}`, { estado: 'cancelado' }, { token: apis.keys.organizer })).status).toBe(
        200,
      );
      expect((await reserve(apis, fan, eventoId, 1)).body).toMatchObject({ statusCode: 409, motivo: 'evento_no_activo' });
      expect((await reserve(apis, fan, 'cccccccccccccccccccccccc', 1)).status).toBe(404);
    });

    it.each([
      ['a missing usuario_id', { usuario_id: undefined }],
      ['cantidad 0', { cantidad: 0 }],
      ['cantidad above the per-reservation maximum', { cantidad: 11 }],
      ['cantidad as text', { cantidad: '2' }],
      ['a malformed evento_id', { evento_id: 'nope' }],
      ['an unknown field', { precio: 1 }],
    ])('answers 400 for %s', async (_label, patch) => {
      const fan = await registerFan(apis);
      const body = { usuario_id: fan.id, evento_id: 'bbbbbbbbbbbbbbbbbbbbbbbb', cantidad: 1, ...patch };
      const response = await reservations.post('/api/reservar', body, { token: fan.token });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.any(String) });
    });

    it('answers 400 for malformed JSON', async () => {
      const fan = await registerFan(apis);
      expect((await reservations.post('/api/reservar', undefined, { token: fan.token, rawBody: '{"usuario_id":' })).status).toBe(400);
    });

    it('lets only the fan or an admin reserve for a fan', async () => {
      const [fan, other] = await Promise.all([registerFan(apis), registerFan(apis)]);
      const eventoId = await createEvent(apis);
      const body = { usuario_id: fan.id, evento_id: eventoId, cantidad: 1 };
      expect((await reservations.post('/api/reservar', body)).status).toBe(401);
      expect((await reservations.post('/api/reservar', body, { token: 'not-a-token' })).status).toBe(401);
      expect((await reservations.post('/api/reservar', body, { token: other.token })).status).toBe(403);
      expect((await reservations.post('/api/reservar', body, { token: apis.keys.analyst })).status).toBe(403);
      expect((await reservations.post('/api/reservar', body, { token: apis.keys.organizer })).status).toBe(403);
      expect((await reservations.post('/api/reservar', body, { token: apis.keys.admin })).status).toBe(201);
    });
  });

  describe('Idempotency-Key', () => {
    it('the same key and body returns the original outcome and creates nothing new', async () => {
      const fan = await registerFan(apis);
      const eventoId = await createEvent(apis, { aforo_total: 10 });
      const headers = { 'idempotency-key': `key-${fan.id}` };
      const first = await reserve(apis, fan, eventoId, 2, headers);
      const [again, concurrent] = await Promise.all([reserve(apis, fan, eventoId, 2, headers), reserve(apis, fan, eventoId, 2, headers)]);
      expect(first.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(concurrent.body).toEqual(first.body);
      expect(await inventoryOf(apis, eventoId)).toMatchObject({ vendidas: 2 });
      expect(await historyOf(apis, fan)).toHaveLength(1);
    });

    it('replays a rejection too', async () => {
      const fan = await registerFan(apis);
      const eventoId = await createEvent(apis, { aforo_total: 10 });
      const headers = { 'idempotency-key': 'declined-once', 'x-test-payment': 'decline' };
      const first = await reserve(apis, fan, eventoId, 1, headers);
      const again = await reserve(apis, fan, eventoId, 1, headers);
      expect(first.status).toBe(409);
      expect(again.status).toBe(409);
      expect(again.body.reserva_id).toBe(first.body.reserva_id);
    });

    it('the same key with a different body → 422', async () => {
      const fan = await registerFan(apis);
      const eventoId = await createEvent(apis, { aforo_total: 10 });
      const headers = { 'idempotency-key': 'reused' };
      expect((await reserve(apis, fan, eventoId, 1, headers)).status).toBe(201);
      const reused = await reserve(apis, fan, eventoId, 2, headers);
      expect(reused.status).toBe(422);
      expect(reused.body).toMatchObject({ statusCode: 422, message: expect.stringContaining('Idempotency-Key') });
    });
  });

  describe('GET /api/reservar', () => {
    it('shows a reservation to its owner and an admin only', async () => {
      const [fan, other] = await Promise.all([registerFan(apis), registerFan(apis)]);
      const eventoId = await createEvent(apis);
      const { body } = await reserve(apis, fan, eventoId, 1);
      expect((await reservations.get(`/api/reservar/${body.reserva_id}`, { token: fan.token })).status).toBe(200);
      expect((await reservations.get(`/api/reservar/${body.reserva_id}`, { token: other.token })).status).toBe(403);
      expect((await reservations.get(`/api/reservar/${body.reserva_id}`, { token: apis.keys.analyst })).status).toBe(403);
      expect((await reservations.get('/api/reservar/not-an-id', { token: fan.token })).status).toBe(400);
      expect((await reservations.get('/api/reservar/cccccccccccccccccccccccc', { token: apis.keys.admin })).status).toBe(404);
    });

    it('lists a fan’s reservations, newest first, paginated', async () => {
      const [fan, other] = await Promise.all([registerFan(apis), registerFan(apis)]);
      const eventoId = await createEvent(apis);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await reserve(apis, fan, eventoId, 1)).body.reserva_id);
      const page1 = await reservations.get(`/api/reservar?usuario_id=${fan.id}&limit=2`, { token: fan.token });
      expect(page1.status).toBe(200);
      expect(page1.body).toMatchObject({ total: 3, page: 1, limit: 2 });
      expect(page1.body.reservas.map((r: { reserva_id: string }) => r.reserva_id)).toEqual([ids[2], ids[1]]);
      const page2 = await reservations.get(`/api/reservar?usuario_id=${fan.id}&limit=2&page=2`, { token: fan.token });
      expect(page2.body.reservas.map((r: { reserva_id: string }) => r.reserva_id)).toEqual([ids[0]]);
      expect((await reservations.get(`/api/reservar?usuario_id=${fan.id}`, { token: other.token })).status).toBe(403);
      expect((await reservations.get('/api/reservar?usuario_id=bad', { token: apis.keys.admin })).status).toBe(400);
      expect((await reservations.get(`/api/reservar?usuario_id=${fan.id}&limit=101`, { token: apis.keys.admin })).status).toBe(400);
    });

    it('lists every fan’s reservations for one event to an admin, and to nobody else', async () => {
      const [ana, bob] = await Promise.all([registerFan(apis), registerFan(apis)]);
      const [eventoId, elsewhere] = await Promise.all([createEvent(apis), createEvent(apis)]);
      const mine = [(await reserve(apis, ana, eventoId, 2)).body.reserva_id, (await reserve(apis, bob, eventoId, 1)).body.reserva_id];
      await reserve(apis, ana, elsewhere, 1);
      const listed = await reservations.get(`/api/reservar?evento_id=${eventoId}`, { token: apis.keys.admin });
      expect(listed.status).toBe(200);
      expect(listed.body).toMatchObject({ evento_id: eventoId, total: 2, page: 1 });
      expect(listed.body.reservas.map((r: { reserva_id: string }) => r.reserva_id)).toEqual([mine[1], mine[0]]);
      expect(listed.body.reservas.map((r: { usuario_id: string }) => r.usuario_id)).toEqual([bob.id, ana.id]);
      expect((await reservations.get(`/api/reservar?evento_id=${eventoId}`, { token: ana.token })).status).toBe(403);
      expect((await reservations.get(`/api/reservar?evento_id=${eventoId}`, { token: apis.keys.organizer })).status).toBe(403);
      const both = await reservations.get(`/api/reservar?evento_id=${eventoId}&usuario_id=${ana.id}`, { token: apis.keys.admin });
      expect(both).toMatchObject({ status: 400, body: { statusCode: 400, error: 'Bad Request' } });
      expect((await reservations.get('/api/reservar', { token: apis.keys.admin })).status).toBe(400);
    });
  });

  describe('DELETE /api/reservar/:reserva_id', () => {
    it('cancels through the same compensations, idempotently', async () => {
      const [fan, other] = await Promise.all([registerFan(apis), registerFan(apis)]);
      const eventoId = await createEvent(apis, { aforo_total: 10 });
      const { body } = await reserve(apis, fan, eventoId, 4);
      expect((await reservations.delete(`/api/reservar/${body.reserva_id}`, { token: other.token })).status).toBe(403);
      const cancelled = await reservations.delete(`/api/reservar/${body.reserva_id}`, { token: fan.token });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ reserva_id: body.reserva_id, estado: 'cancelada' });
      const again = await reservations.delete(`/api/reservar/${body.reserva_id}`, { token: fan.token });
      expect(again.status).toBe(200);
      expect(again.body.estado).toBe('cancelada');
      expect(await historyOf(apis, fan)).toEqual([]);
      expect(await inventoryOf(apis, eventoId)).toMatchObject({ vendidas: 0, retenidas: 0, disponibles: 10 });
      // The limit was given back too.
      expect((await reserve(apis, fan, eventoId, 10)).status).toBe(201);
    });

    it('refuses to cancel a failed reservation', async () => {
      const fan = await registerFan(apis);
      const eventoId = await createEvent(apis);
      const { body } = await reserve(apis, fan, eventoId, 1, { 'x-test-payment': 'decline' });
      const response = await reservations.delete(`/api/reservar/${body.reserva_id}`, { token: fan.token });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ estado: 'fallida' });
    });
  });

  describe('POST /api/reservar/:reserva_id/compensar', () => {
    it('M2: lets only an admin re-drive a compensation, and only one that waits for intervention', async () => {
      const fan = await registerFan(apis);
      const eventoId = await createEvent(apis);
      const { body } = await reserve(apis, fan, eventoId, 1);
      const path = `/api/reservar/${body.reserva_id}/compensar`;
      expect((await reservations.post(path, {})).status).toBe(401);
      expect((await reservations.post(path, {}, { token: fan.token })).status).toBe(403);
      const confirmed = await reservations.post(path, {}, { token: apis.keys.admin });
      expect(confirmed.status).toBe(409);
      expect(confirmed.body).toMatchObject({ code: 'RESERVATION.NOT_AWAITING_INTERVENTION', estado: 'confirmada' });
      expect((await reservations.post('/api/reservar/aaaaaaaaaaaaaaaaaaaaaaaa/compensar', {}, { token: apis.keys.admin })).status).toBe(
        404,
      );
    });
  });

  it('exposes metrics to admins only', async () => {
    expect((await reservations.get('/metrics')).status).toBe(401);
    expect((await reservations.get('/metrics', { token: apis.keys.analyst })).status).toBe(403);
    const metrics = await reservations.get('/metrics', { token: apis.keys.admin });
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('eventflow_reservations_sagas_requiring_intervention 0');
  });
});
