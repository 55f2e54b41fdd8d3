import { anEvent, api, sharedStack } from '@eventflow/testing';
import { aReservationId, eventsRpc } from './support';

describe('events API', () => {
  const stack = sharedStack();
  const events = stack.services.events;
  const client = api(events.url);
  const { organizer, organizer2, analyst, admin } = stack.keys;
  const rpc = eventsRpc(events.rpcPort);

  afterAll(() => rpc.close());

  const create = async (overrides: Record<string, unknown> = {}, token = organizer) => {
    const response = await client.post('/api/events', anEvent(overrides), { token });
    expect(response.status).toBe(201);
    return response.body as Record<string, any>;
  };

  describe('POST /api/events', () => {
    it('lets an organizer publish an event with its full availability', async () => {
      const body = anEvent({ aforo_total: 120, precio: 49.99 });
      const response = await client.post('/api/events', body, { token: organizer });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        ...body,
        evento_id: expect.stringMatching(/^[0-9a-f]{24}$/),
        _id: response.body.evento_id,
        estado: 'activo',
        entradas_disponibles: 120,
      });
      expect(JSON.stringify(response.body)).not.toContain('org1');
    });

    it('defaults categoria to Otro and answers under /api/eventos too', async () => {
      const { categoria: _, ...body } = anEvent();
      const response = await client.post('/api/eventos', body, { token: organizer });
      expect(response.status).toBe(201);
      expect(response.body.categoria).toBe('Otro');
    });

    it('accepts an admin key', async () => {
      expect((await client.post('/api/events', anEvent(), { token: admin })).status).toBe(201);
    });

    it('refuses callers without a key (401) and analysts (403)', async () => {
      expect((await client.post('/api/events', anEvent())).status).toBe(401);
      expect((await client.post('/api/events', anEvent(), { token: 'not-a-key-at-all-0123456789' })).status).toBe(401);
      expect((await client.post('/api/events', anEvent(), { token: analyst })).status).toBe(403);
    });

    it.each([
      ['a date in the past', { fecha: new Date(Date.now() - 60_000).toISOString() }, 'fecha'],
      ['a date that is not ISO 8601', { fecha: '31/12/2030' }, 'fecha'],
      ['a negative aforo_total', { aforo_total: -5 }, 'aforo_total'],
      ['a zero aforo_total', { aforo_total: 0 }, 'aforo_total'],
      ['an aforo_total above 1,000,000', { aforo_total: 1_000_001 }, 'aforo_total'],
      ['a fractional aforo_total', { aforo_total: 10.5 }, 'aforo_total'],
      ['a price with 3 decimals', { precio: 10.125 }, 'precio'],
      ['a negative price', { precio: -1 }, 'precio'],
      ['an unknown categoria', { categoria: 'Circo' }, 'categoria'],
      ['a missing nombre', { nombre: undefined }, 'nombre'],
      ['an unknown field', { organizador_id: 'someone-else' }, 'organizador_id'],
    ])('rejects %s with 400 naming the field', async (_, overrides, field) => {
      const response = await client.post('/api/events', anEvent(overrides), { token: organizer });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        statusCode: 400,
        error: 'Bad Request',
        details: expect.arrayContaining([expect.objectContaining({ field })]),
      });
    });

    it('rejects a malformed JSON body with 400', async () => {
      const response = await client.post('/api/events', undefined, { token: organizer, rawBody: '{"nombre":' });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    });
  });

  describe('GET /api/events/:evento_id', () => {
    it('is public and answers the event, also under /api/eventos', async () => {
      const created = await create();
      for (const path of [`/api/events/${created.evento_id}`, `/api/eventos/${created.evento_id}`]) {
        const response = await client.get(path);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toContain('application/json');
        expect(response.body).toEqual(created);
      }
    });

    it('shows availability live from the inventory, even when the event itself is cached', async () => {
      const created = await create({ aforo_total: 10 });
      // The first read fills Redis; the second is a hit that this process also keeps in memory.
      await client.get(`/api/events/${created.evento_id}`);
      expect((await client.get(`/api/events/${created.evento_id}`)).body.entradas_disponibles).toBe(10);
      expect(
        await rpc.send('events.inventory.reserve', { evento_id: created.evento_id, reserva_id: aReservationId(), cantidad: 3 }),
      ).toEqual({ reserved: true, disponibles: 7 });
      expect((await client.get(`/api/events/${created.evento_id}`)).body.entradas_disponibles).toBe(7);
    });

    it('answers 400 for a malformed id and 404 for an unknown one', async () => {
      const malformed = await client.get('/api/events/not-an-id');
      expect(malformed.status).toBe(400);
      expect(malformed.body).toMatchObject({ statusCode: 400, code: 'REQUEST.INVALID_ID' });
      const unknown = await client.get('/api/events/65a0000000000000000000ff');
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ statusCode: 404, error: 'Not Found', code: 'EVENT.NOT_FOUND' });
    });
  });

  describe('GET /api/events (catalog)', () => {
    const categoria = 'Teatro';
    const base = Date.now() + 400 * 24 * 3600 * 1000;
    const day = 24 * 3600 * 1000;
    let ids: string[];

    beforeAll(async () => {
      ids = [];
      for (let i = 0; i < 5; i++) ids.push((await create({ categoria, fecha: new Date(base + (4 - i) * day).toISOString() })).evento_id);
      ids.reverse();
    });

    const window = `categoria=${categoria}&desde=${new Date(base - 1).toISOString()}&hasta=${new Date(base + 5 * day).toISOString()}`;

    it('filters by categoria and date range, sorted by fecha, with live availability', async () => {
      const response = await client.get(`/api/events?${window}`);
      expect(response.status).toBe(200);
      expect(response.body.eventos.map((e: { evento_id: string }) => e.evento_id)).toEqual(ids);
      expect(response.body.eventos[0]).toMatchObject({ categoria, estado: 'activo', entradas_disponibles: 100 });
      expect(response.body.siguiente_cursor).toBeNull();
    });

    it('pages with a cursor, also under /api/eventos', async () => {
      const first = await client.get(`/api/eventos?${window}&limit=2`);
      expect(first.body.eventos.map((e: { evento_id: string }) => e.evento_id)).toEqual(ids.slice(0, 2));
      const second = await client.get(`/api/eventos?${window}&limit=2&cursor=${first.body.siguiente_cursor}`);
      expect(second.body.eventos.map((e: { evento_id: string }) => e.evento_id)).toEqual(ids.slice(2, 4));
      const third = await client.get(`/api/eventos?${window}&limit=2&cursor=${second.body.siguiente_cursor}`);
      expect(third.body.eventos.map((e: { evento_id: string }) => e.evento_id)).toEqual(ids.slice(4));
    });

    it('is invalidated by writes: a change shows on the next read of a cached page', async () => {
      await client.get(`/api/events?${window}`);
      await client.patch(`/api/events/${ids[0]}`, { nombre: 'Renombrado' }, { token: organizer });
      const after = await client.get(`/api/events?${window}`);
      expect(after.body.eventos[0].nombre).toBe('Renombrado');
      await client.patch(`/api/events/${ids[1]}`, { estado: 'cancelado' }, { token: organizer });
      const active = await client.get(`/api/events?${window}`);
      expect(active.body.eventos.map((e: { evento_id: string }) => e.evento_id)).not.toContain(ids[1]);
      const cancelled = await client.get(`/api/events?${window}&estado=cancelado`);
      expect(cancelled.body.eventos.map((e: { evento_id: string }) => e.evento_id)).toEqual([ids[1]]);
    });

    it.each([
      ['limit above 100', 'limit=101'],
      ['limit zero', 'limit=0'],
      ['an unknown categoria', 'categoria=Circo'],
      ['a malformed date', 'desde=ayer'],
      // L4: IsISO8601 passed these and new Date could not read them: 500.
      ['an ISO week date', 'desde=2030-W01'],
      ['a basic-format date', 'desde=20300101'],
      ['an hour without minutes', 'hasta=2030-01-01T10'],
      ['an unknown estado', 'estado=borrado'],
      ['a forged cursor', 'cursor=bm9wZQ'],
      ['desde after hasta', `desde=${new Date(base).toISOString()}&hasta=${new Date(base - day).toISOString()}`],
    ])('rejects %s with 400', async (_, query) => {
      const response = await client.get(`/api/events?${query}`);
      expect(response.status).toBe(400);
      expect(response.body.statusCode).toBe(400);
    });
  });

  describe('PATCH /api/events/:evento_id', () => {
    it('lets the owner change descriptive fields, visible at once despite the cache', async () => {
      const created = await create();
      await client.get(`/api/events/${created.evento_id}`);
      const fecha = new Date(Date.now() + 90 * 24 * 3600 * 1000).toISOString();
      const response = await client.patch(
        `/api/events/${created.evento_id}`,
        { nombre: 'Nuevo nombre', precio: 75.5, fecha, lugar: 'Teatro Colón' },
        { token: organizer },
      );
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ nombre: 'Nuevo nombre', precio: 75.5, fecha, lugar: 'Teatro Colón' });
      expect((await client.get(`/api/events/${created.evento_id}`)).body).toEqual(response.body);
    });

    it('lets an admin change any event, under /api/eventos too', async () => {
      const created = await create();
      const response = await client.patch(`/api/eventos/${created.evento_id}`, { descripcion: 'Por el admin' }, { token: admin });
      expect(response.status).toBe(200);
      expect(response.body.descripcion).toBe('Por el admin');
    });

    it('refuses another organizer (403), an analyst (403) and anonymous callers (401)', async () => {
      const created = await create();
      expect((await client.patch(`/api/events/${created.evento_id}`, { nombre: 'x' }, { token: organizer2 })).status).toBe(403);
      expect((await client.patch(`/api/events/${created.evento_id}`, { nombre: 'x' }, { token: analyst })).status).toBe(403);
      expect((await client.patch(`/api/events/${created.evento_id}`, { nombre: 'x' })).status).toBe(401);
      expect((await client.get(`/api/events/${created.evento_id}`)).body.nombre).toBe(created.nombre);
    });

    it('grows aforo_total, and shrinks it no lower than the tickets sold or held', async () => {
      const created = await create({ aforo_total: 10 });
      const id = created.evento_id;
      await rpc.send('events.inventory.reserve', { evento_id: id, reserva_id: aReservationId(), cantidad: 3 });
      const sold = aReservationId();
      await rpc.send('events.inventory.reserve', { evento_id: id, reserva_id: sold, cantidad: 2 });
      await rpc.send('events.inventory.commit', { evento_id: id, reserva_id: sold });

      const grown = await client.patch(`/api/events/${id}`, { aforo_total: 20 }, { token: organizer });
      expect(grown.body).toMatchObject({ aforo_total: 20, entradas_disponibles: 15 });
      const tooSmall = await client.patch(`/api/events/${id}`, { aforo_total: 4 }, { token: organizer });
      expect(tooSmall.status).toBe(409);
      expect(tooSmall.body).toMatchObject({ code: 'EVENT.CAPACITY_BELOW_SOLD', vendidas: 2, retenidas: 3 });
      const shrunk = await client.patch(`/api/events/${id}`, { aforo_total: 5 }, { token: organizer });
      expect(shrunk.body).toMatchObject({ aforo_total: 5, entradas_disponibles: 0 });
      const inventory = await client.get(`/api/events/${id}/inventario`, { token: organizer });
      expect(inventory.body).toMatchObject({ aforo_total: 5, vendidas: 2, retenidas: 3, disponibles: 0, consistente: true });
    });

    it('stops new reservations when the event is cancelled, and then refuses further changes', async () => {
      const created = await create();
      const response = await client.patch(`/api/events/${created.evento_id}`, { estado: 'cancelado' }, { token: organizer });
      expect(response.status).toBe(200);
      expect(response.body.estado).toBe('cancelado');
      expect(
        await rpc.send('events.inventory.reserve', { evento_id: created.evento_id, reserva_id: aReservationId(), cantidad: 1 }),
      ).toEqual({
        reserved: false,
        reason: 'EVENT_NOT_ACTIVE',
        disponibles: 100,
      });
      expect((await client.patch(`/api/events/${created.evento_id}`, { nombre: 'otra vez' }, { token: organizer })).status).toBe(409);
    });

    it.each([
      ['a date in the past', { fecha: '2020-01-01T00:00:00Z' }],
      ['a negative aforo_total', { aforo_total: -1 }],
      ['a price with 3 decimals', { precio: 1.001 }],
      ['an unknown categoria', { categoria: 'Circo' }],
      ['a state other than cancelado', { estado: 'activo' }],
      ['an empty body', {}],
    ])('rejects %s with 400', async (_, body) => {
      const created = await create();
      const response = await client.patch(`/api/events/${created.evento_id}`, body, { token: organizer });
      expect(response.status).toBe(400);
    });

    it('answers 400 for a malformed id and 404 for an unknown one', async () => {
      expect((await client.patch('/api/events/123', { nombre: 'x' }, { token: organizer })).status).toBe(400);
      expect((await client.patch('/api/events/65a0000000000000000000fe', { nombre: 'x' }, { token: organizer })).status).toBe(404);
    });
  });

  describe('GET /api/events/:evento_id/inventario', () => {
    it('shows the owner sold, held and available tickets and that the counter agrees with the ledger', async () => {
      const created = await create({ aforo_total: 10 });
      const id = created.evento_id;
      const held = aReservationId();
      const sold = aReservationId();
      await rpc.send('events.inventory.reserve', { evento_id: id, reserva_id: held, cantidad: 2 });
      await rpc.send('events.inventory.reserve', { evento_id: id, reserva_id: sold, cantidad: 3 });
      await rpc.send('events.inventory.commit', { evento_id: id, reserva_id: sold });
      for (const path of [`/api/events/${id}/inventario`, `/api/eventos/${id}/inventario`]) {
        const response = await client.get(path, { token: organizer });
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({
          evento_id: id,
          aforo_total: 10,
          vendidas: 3,
          retenidas: 2,
          disponibles: 5,
          contador: { disponibles: 5, vendidas: 3, retenidas: 2 },
          consistente: true,
        });
      }
    });

    it('is open to admins but not to other organizers, analysts or the public', async () => {
      const created = await create();
      const path = `/api/events/${created.evento_id}/inventario`;
      expect((await client.get(path, { token: admin })).status).toBe(200);
      expect((await client.get(path, { token: organizer2 })).status).toBe(403);
      expect((await client.get(path, { token: analyst })).status).toBe(403);
      expect((await client.get(path)).status).toBe(401);
      expect((await client.get('/api/events/xyz/inventario', { token: admin })).status).toBe(400);
      expect((await client.get('/api/events/65a0000000000000000000fd/inventario', { token: admin })).status).toBe(404);
    });
  });

  describe('internal calls', () => {
    it('events.get answers what the saga needs, with live availability, or null', async () => {
      const created = await create({ aforo_total: 8, precio: 12.5 });
      expect(await rpc.send('events.get', { evento_id: created.evento_id })).toEqual({
        evento_id: created.evento_id,
        nombre: created.nombre,
        fecha: created.fecha,
        estado: 'activo',
        precio: 12.5,
        aforo_total: 8,
        entradas_disponibles: 8,
      });
      expect(await rpc.send('events.get', { evento_id: '65a0000000000000000000fc' })).toBeNull();
    });

    it('reserve, commit and release follow their idempotency rules', async () => {
      const { evento_id } = await create({ aforo_total: 5 });
      const r1 = aReservationId();
      expect(await rpc.send('events.inventory.reserve', { evento_id, reserva_id: r1, cantidad: 2 })).toEqual({
        reserved: true,
        disponibles: 3,
      });
      expect(await rpc.send('events.inventory.reserve', { evento_id, reserva_id: r1, cantidad: 2 })).toEqual({
        reserved: true,
        disponibles: 3,
      });
      expect(await rpc.send('events.inventory.reserve', { evento_id, reserva_id: aReservationId(), cantidad: 4 })).toEqual({
        reserved: false,
        reason: 'SOLD_OUT',
        disponibles: 3,
      });
      expect(await rpc.send('events.inventory.commit', { evento_id, reserva_id: r1 })).toEqual({ committed: true });
      expect(await rpc.send('events.inventory.commit', { evento_id, reserva_id: r1 })).toEqual({ committed: true });
      expect(await rpc.send('events.inventory.release', { evento_id, reserva_id: 'never-reserved' })).toEqual({
        released: false,
        disponibles: 3,
      });
      // A fan's cancellation gives sold tickets back, once.
      expect(await rpc.send('events.inventory.release', { evento_id, reserva_id: r1 })).toEqual({ released: true, disponibles: 5 });
      expect(await rpc.send('events.inventory.release', { evento_id, reserva_id: r1 })).toEqual({ released: false, disponibles: 5 });
      expect(await rpc.send('events.inventory.commit', { evento_id, reserva_id: r1 })).toEqual({ committed: false });
      expect(
        await rpc.send('events.inventory.reserve', { evento_id: '65a0000000000000000000fb', reserva_id: aReservationId(), cantidad: 1 }),
      ).toMatchObject({
        reserved: false,
        reason: 'EVENT_NOT_FOUND',
      });
    });

    it('refuses malformed payloads as invalid instead of failing', async () => {
      await expect(rpc.send('events.inventory.reserve', { evento_id: 'nope', reserva_id: 'r', cantidad: 1 })).rejects.toMatchObject({
        kind: 'invalid',
      });
      await expect(
        rpc.send('events.inventory.reserve', { evento_id: '65a0000000000000000000fb', reserva_id: 'r', cantidad: 0 }),
      ).rejects.toMatchObject({ kind: 'invalid' });
      await expect(rpc.send('events.get', { evento_id: 42 as unknown as string })).rejects.toMatchObject({ kind: 'invalid' });
    });
  });
});
