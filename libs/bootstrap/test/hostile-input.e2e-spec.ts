import { connect } from 'node:net';
import { aFan, anEvent, api, sharedStack } from '@eventflow/testing';

/**
 * The probe's hostile inputs (faults-and-input review, "Hostile input"), each answered with a
 * 4xx that names the problem, on every route it applies to. B10 (logged URLs) is checked where
 * logs are written at info level: logs-hold-no-personal-data.e2e-spec.ts.
 */
const stack = sharedStack();
const { admin, analyst, organizer } = stack.keys;
const users = api(stack.services.users.url);
const events = api(stack.services.events.url);
const reservations = api(stack.services.reservations.url);

const problemFields = (body: { details?: { field: string }[] }) => (body.details ?? []).map((detail) => detail.field);

let fan: { usuario_id: string; access_token: string };
let eventId: string;

beforeAll(async () => {
  fan = (await users.post('/api/users', aFan())).body;
  eventId = (await events.post('/api/events', anEvent({ precio: 25, aforo_total: 40 }), { token: organizer })).body.evento_id;
  expect(fan.access_token).toBeDefined();
  expect(eventId).toBeDefined();
});

describe('hostile input never reaches a 500', () => {
  it('B1: refuses a body nested 1,500 arrays deep with 400 on every body route, before validation', async () => {
    const deep = '['.repeat(1500) + ']'.repeat(1500);
    const routes = [
      users.post('/api/users', undefined, { rawBody: deep }),
      events.post('/api/events', undefined, { rawBody: deep, token: organizer }),
      events.patch(`/api/events/${eventId}`, undefined, { rawBody: deep, token: organizer }),
      reservations.post('/api/reservar', undefined, { rawBody: deep, token: admin }),
      users.post('/api/users', undefined, { rawBody: `{"nombre":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}` }),
    ];
    for (const response of await Promise.all(routes)) {
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: expect.stringMatching(/nests deeper than 32 levels/),
      });
    }
  });

  it('B2: refuses a repeated query parameter with 400 naming it, on every route that reads one', async () => {
    const cases = [
      users.get('/api/users/exportar?format=csv&format=json', { token: analyst }),
      events.get('/api/events?categoria=Concierto&categoria=Teatro'),
      events.get('/api/events?limit=1&limit=2'),
      reservations.get(`/api/reservar?usuario_id=${fan.usuario_id}&usuario_id=${fan.usuario_id}`, { token: admin }),
    ];
    const [format, categoria, limit, usuario] = await Promise.all(cases);
    for (const [response, name] of [
      [format, 'format'],
      [categoria, 'categoria'],
      [limit, 'limit'],
      [usuario, 'usuario_id'],
    ] as const) {
      expect(response.status).toBe(400);
      expect(problemFields(response.body)).toEqual([name]);
      expect(response.body.message).toContain(`${name} must be given once`);
    }
  });

  it('B3: refuses lone surrogates and invalid UTF-8 with 400 naming the field', async () => {
    const email = await users.post('/api/users', aFan({ email: 'a\ud800@example.com' }));
    expect(email.status).toBe(400);
    expect(problemFields(email.body)).toEqual(['email']);
    expect(email.body.message).toMatch(/email must be valid Unicode/);
    const low = await events.post('/api/events', anEvent({ nombre: 'x\udc00y' }), { token: organizer });
    expect(low.status).toBe(400);
    expect(problemFields(low.body)).toEqual(['nombre']);
    const key = await users.post('/api/users', undefined, { rawBody: '{"\\ud800":1}' });
    expect(key.status).toBe(400);
    const bytes = await fetch(`${stack.services.users.url}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.concat([Buffer.from('{"nombre":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]),
    });
    expect(bytes.status).toBe(400);
    expect(await bytes.json()).toMatchObject({ statusCode: 400, message: expect.stringMatching(/not valid UTF-8/) });
  });

  it('B4/B6: refuses null for any field in POST and PATCH with 400, and stores nothing', async () => {
    const before = (await events.get(`/api/events/${eventId}`)).body;
    const capacity = await events.patch(`/api/events/${eventId}`, { aforo_total: null }, { token: organizer });
    expect(capacity.status).toBe(400);
    expect(problemFields(capacity.body)).toEqual(['aforo_total']);
    const several = await events.patch(`/api/events/${eventId}`, { fecha: null, precio: null, nombre: 'Renamed' }, { token: organizer });
    expect(several.status).toBe(400);
    expect(problemFields(several.body)).toEqual(['fecha', 'precio']);
    expect((await events.get(`/api/events/${eventId}`)).body).toEqual(before);

    const created = await events.post('/api/events', anEvent({ descripcion: null }), { token: organizer });
    expect(created.status).toBe(400);
    expect(problemFields(created.body)).toEqual(['descripcion']);
    const registered = await users.post('/api/users', aFan({ nombre: null }));
    expect(registered.status).toBe(400);
    expect(problemFields(registered.body)).toEqual(['nombre']);
    const reserved = await reservations.post(
      '/api/reservar',
      { usuario_id: fan.usuario_id, evento_id: eventId, cantidad: null },
      { token: fan.access_token },
    );
    expect(reserved.status).toBe(400);
    expect(problemFields(reserved.body)).toEqual(['cantidad']);
  });

  it('B5: refuses tiny and non-finite numbers with 400 naming the field, in POST and PATCH', async () => {
    for (const precio of ['1e-7', '-1e-7', '1e400', '5e-324']) {
      const created = await events.post('/api/events', undefined, {
        rawBody: JSON.stringify(anEvent()).replace('"precio":50', `"precio":${precio}`),
        token: organizer,
      });
      expect(created.status).toBe(400);
      expect(problemFields(created.body)).toEqual(['precio']);
      const updated = await events.patch(`/api/events/${eventId}`, undefined, { rawBody: `{"precio":${precio}}`, token: organizer });
      expect(updated.status).toBe(400);
      expect(problemFields(updated.body)).toEqual(['precio']);
    }
    const huge = await reservations.post('/api/reservar', undefined, {
      rawBody: `{"usuario_id":"${fan.usuario_id}","evento_id":"${eventId}","cantidad":1e21}`,
      token: fan.access_token,
    });
    expect(huge.status).toBe(400);
    expect(problemFields(huge.body)).toEqual(['cantidad']);
  });

  it('B7: accepts only application/json bodies: forms, multipart and text get 415', async () => {
    const form = await fetch(`${stack.services.users.url}/api/users`, {
      method: 'POST',
      body: new URLSearchParams({ tipo_documento: 'DNI', nro_documento: '12345678', nombre: 'A', apellido: 'B', email: 'a@example.com' }),
    });
    const multipart = new FormData();
    multipart.set('nombre', 'A');
    const responses = [
      form,
      await fetch(`${stack.services.users.url}/api/users`, { method: 'POST', body: multipart }),
      await fetch(`${stack.services.events.url}/api/events`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', authorization: `Bearer ${organizer}` },
        body: JSON.stringify(anEvent()),
      }),
      await fetch(`${stack.services.reservations.url}/api/reservar`, {
        method: 'POST',
        headers: { 'content-type': 'application/jsonx', authorization: `Bearer ${admin}` },
        body: '{}',
      }),
    ];
    for (const response of responses) {
      expect(response.status).toBe(415);
      expect(await response.json()).toEqual({
        statusCode: 415,
        error: 'Unsupported Media Type',
        message: expect.stringMatching(/send application\/json/),
      });
    }
    const withCharset = await users.post('/api/users', aFan(), { headers: { 'content-type': 'application/json; charset=utf-8' } });
    expect(withCharset.status).toBe(201);
  });

  it('B8: answers a body shorter than its Content-Length with 408 within REQUEST_TIMEOUT_MS', async () => {
    const { port } = new URL(stack.services.users.url);
    const started = Date.now();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () =>
        socket.write('POST /api/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"nombre":'),
      );
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString()));
      socket.on('close', () => resolve(received));
      socket.on('error', reject);
      socket.setTimeout(15_000, () => socket.destroy(new Error('no answer within 15 s')));
    });
    const elapsed = Date.now() - started;
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({
      statusCode: 408,
      error: 'Request Timeout',
      message: `The request body did not arrive within ${stack.env.REQUEST_TIMEOUT_MS} ms`,
    });
    expect(elapsed).toBeGreaterThanOrEqual(Number(stack.env.REQUEST_TIMEOUT_MS) - 100);
    expect(elapsed).toBeLessThan(Number(stack.env.REQUEST_TIMEOUT_MS) + 3_000);
  });

  it('B9: a fan token on a staff route is 403 (wrong role), an unknown token 401, everywhere', async () => {
    const token = fan.access_token;
    const staffRoutes = [
      events.post('/api/events', anEvent(), { token }),
      events.patch(`/api/events/${eventId}`, { nombre: 'x' }, { token }),
      events.get(`/api/events/${eventId}/inventario`, { token }),
      users.get('/api/users/exportar', { token }),
      users.get('/metrics', { token }),
      events.get('/metrics', { token }),
      reservations.get('/metrics', { token }),
    ];
    for (const response of await Promise.all(staffRoutes)) {
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ statusCode: 403, code: 'AUTH.FORBIDDEN' });
    }
    const unknown = 'u'.repeat(43);
    for (const response of await Promise.all([
      events.post('/api/events', anEvent(), { token: unknown }),
      users.get('/api/users/exportar', { token: unknown }),
    ])) {
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ statusCode: 401, code: 'AUTH.INVALID' });
    }
  });
});
