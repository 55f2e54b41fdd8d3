import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import { RpcSigner } from '@eventflow/contracts';
import { aFan, api, sharedStack } from '@eventflow/testing';

// When the reservation was made: the saga sends it so a retried append writes the same entry.
const BOUGHT = '2026-11-20T18:30:00.000Z';
const stack = sharedStack();
const users = api(stack.services.users.url);
const { admin, analyst, organizer } = stack.keys;

async function registered(overrides: Record<string, unknown> = {}) {
  const body = aFan(overrides);
  const response = await users.post('/api/users', body);
  expect(response.status).toBe(201);
  return { body, fan: response.body as { usuario_id: string; access_token: string } & Record<string, unknown> };
}

describe('POST /api/users', () => {
  it('registers a fan and returns a one-time access token, never the document', async () => {
    const body = aFan({ email: '  Ana.Garcia.CASE@Example.COM ', nombre: '  Ana  ' });
    const response = await users.post('/api/users', body);
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      usuario_id: expect.stringMatching(/^[0-9a-f]{24}$/),
      _id: response.body.usuario_id,
      nombre: 'Ana',
      apellido: 'García',
      email: 'ana.garcia.case@example.com',
      tipo_documento: 'DNI',
      fecha_registro: expect.any(String),
      access_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    expect(response.text).not.toContain(String(body.nro_documento));
  });

  it('L2: refuses a duplicate email with a 409 that does not say which field matched', async () => {
    const { body } = await registered();
    const response = await users.post('/api/users', aFan({ email: String(body.email).toUpperCase() }));
    expect(response.status).toBe(409);
    expect(response.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      code: 'USER.ALREADY_REGISTERED',
      message: 'A user with this email or this document is already registered',
    });
  });

  it('L2: refuses a duplicate document (same type and number) with the very same answer', async () => {
    const { body } = await registered();
    const byDocument = await users.post('/api/users', aFan({ nro_documento: body.nro_documento }));
    const byEmail = await users.post('/api/users', aFan({ email: body.email }));
    expect(byDocument.status).toBe(409);
    expect(byDocument.body).toEqual(byEmail.body);
  });

  it('accepts the same number under another document type', async () => {
    const { body } = await registered();
    expect((await users.post('/api/users', aFan({ nro_documento: body.nro_documento, tipo_documento: 'Pasaporte' }))).status).toBe(201);
  });

  it.each([
    ['tipo_documento', { tipo_documento: 'Carnet' }],
    ['nro_documento', { nro_documento: '12-34' }],
    ['nro_documento', { nro_documento: '1234' }],
    ['nro_documento', { nro_documento: 'A'.repeat(21) }],
    ['nombre', { nombre: '   ' }],
    ['apellido', { apellido: 'x'.repeat(101) }],
    ['email', { email: 'not-an-email' }],
    ['nombre', { nombre: 42 }],
  ])('names the invalid field %s in a 400', async (field, override) => {
    const response = await users.post('/api/users', aFan(override));
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('names every missing field and rejects unknown ones', async () => {
    const response = await users.post('/api/users', { rol: 'admin' });
    expect(response.status).toBe(400);
    const fields = response.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['tipo_documento', 'nro_documento', 'nombre', 'apellido', 'email', 'rol']));
  });

  it('answers malformed JSON with a 400 JSON error', async () => {
    const response = await users.post('/api/users', undefined, { rawBody: '{bad json' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });
});

describe('GET /api/users/:usuario_id', () => {
  it('shows fans their own profile and empty history, without document, hashes or token', async () => {
    const { body, fan } = await registered();
    const response = await users.get(`/api/users/${fan.usuario_id}`, { token: fan.access_token });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      usuario_id: fan.usuario_id,
      _id: fan.usuario_id,
      nombre: body.nombre,
      apellido: body.apellido,
      email: body.email,
      tipo_documento: 'DNI',
      fecha_registro: fan.fecha_registro,
      historial_compras: [],
    });
    expect(response.text).not.toMatch(/hash|cifrado|access_token|nro_documento/);
  });

  it('serves the second read from the cache', async () => {
    const { fan } = await registered();
    await users.get(`/api/users/${fan.usuario_id}`, { token: fan.access_token });
    const second = await users.get(`/api/users/${fan.usuario_id}`, { token: fan.access_token });
    expect(second.headers.get('x-cache')).toBe('HIT');
  });

  it('lets an admin read any fan', async () => {
    const { fan } = await registered();
    expect((await users.get(`/api/users/${fan.usuario_id}`, { token: admin })).status).toBe(200);
  });

  it("forbids another fan's token", async () => {
    const { fan } = await registered();
    const { fan: other } = await registered();
    const response = await users.get(`/api/users/${fan.usuario_id}`, { token: other.access_token });
    expect(response.status).toBe(403);
  });

  it.each([
    ['an analyst key', analyst],
    ['an organizer key', organizer],
  ])('forbids %s on a fan route', async (_label, key) => {
    const { fan } = await registered();
    expect((await users.get(`/api/users/${fan.usuario_id}`, { token: key })).status).toBe(403);
  });

  it('asks for credentials with 401 when there are none or they are wrong', async () => {
    const { fan } = await registered();
    expect((await users.get(`/api/users/${fan.usuario_id}`)).status).toBe(401);
    expect((await users.get(`/api/users/${fan.usuario_id}`, { token: 'x'.repeat(43) })).status).toBe(401);
  });

  it('answers 400 for a malformed id and 404 for an unknown one', async () => {
    const malformed = await users.get('/api/users/not-an-id', { token: admin });
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toContain('usuario_id');
    const unknown = await users.get('/api/users/0123456789abcdef01234567', { token: admin });
    expect(unknown.status).toBe(404);
  });
});

describe('internal messages', () => {
  let client: ClientProxy;
  // Signed as our own services sign every internal message.
  const signer = new RpcSigner(stack.env.RPC_SECRETS);
  const send = <T>(pattern: string, payload: unknown) => firstValueFrom(client.send<T>(pattern, signer.sign(pattern, payload)));

  beforeAll(() => {
    client = ClientProxyFactory.create({ transport: Transport.TCP, options: { host: '127.0.0.1', port: stack.services.users.rpcPort } });
  });
  afterAll(() => client.close());

  it('users.get tells the saga whether a user exists', async () => {
    const { fan } = await registered();
    expect(await send('users.get', { usuario_id: fan.usuario_id })).toMatchObject({ usuario_id: fan.usuario_id });
    expect(await send('users.get', { usuario_id: '0123456789abcdef01234567' })).toBeNull();
    expect(await send('users.get', { usuario_id: 'garbage' })).toBeNull();
  });

  it('users.authenticate resolves a fan token and nothing else', async () => {
    const { fan } = await registered();
    expect(await send('users.authenticate', { access_token: fan.access_token })).toEqual({ usuario_id: fan.usuario_id });
    expect(await send('users.authenticate', { access_token: 'y'.repeat(43) })).toEqual({ usuario_id: null });
  });

  it('appends a purchase once however often it is retried, and the profile shows it at once', async () => {
    const { fan } = await registered();
    await users.get(`/api/users/${fan.usuario_id}`, { token: fan.access_token }); // warm the cache
    const purchase = {
      usuario_id: fan.usuario_id,
      reserva_id: 'r-append-1',
      evento_id: 'e1',
      cantidad: 2,
      monto: 100.5,
      fecha_compra: BOUGHT,
    };
    expect(await send('users.purchases.append', purchase)).toEqual({ found: true, applied: true });
    expect(await send('users.purchases.append', purchase)).toEqual({ found: true, applied: false });
    const profile = await users.get(`/api/users/${fan.usuario_id}`, { token: fan.access_token });
    expect(profile.body.historial_compras).toEqual([
      { evento_id: 'e1', reserva_id: 'r-append-1', cantidad: 2, monto: 100.5, fecha_compra: BOUGHT },
    ]);
  });

  it("keeps every one of a fan's concurrent purchases", async () => {
    const { fan } = await registered();
    const appends = Array.from({ length: 40 }, (_, i) =>
      send('users.purchases.append', {
        usuario_id: fan.usuario_id,
        reserva_id: `c${i}`,
        evento_id: 'e1',
        cantidad: 1,
        monto: 1,
        fecha_compra: BOUGHT,
      }),
    );
    expect(await Promise.all(appends)).toEqual(Array.from({ length: 40 }, () => ({ found: true, applied: true })));
    const removals = Array.from({ length: 20 }, (_, i) =>
      send('users.purchases.remove', { usuario_id: fan.usuario_id, reserva_id: `c${i}` }),
    );
    await Promise.all(removals);
    const profile = await users.get(`/api/users/${fan.usuario_id}`, { token: admin });
    expect(profile.body.historial_compras.map((p: { reserva_id: string }) => p.reserva_id).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `c${i + 20}`).sort(),
    );
  });

  it('removes a purchase idempotently (the compensation)', async () => {
    const { fan } = await registered();
    await send('users.purchases.append', {
      usuario_id: fan.usuario_id,
      reserva_id: 'keep',
      evento_id: 'e1',
      cantidad: 1,
      monto: 10,
      fecha_compra: BOUGHT,
    });
    await send('users.purchases.append', {
      usuario_id: fan.usuario_id,
      reserva_id: 'drop',
      evento_id: 'e1',
      cantidad: 1,
      monto: 10,
      fecha_compra: BOUGHT,
    });
    expect(await send('users.purchases.remove', { usuario_id: fan.usuario_id, reserva_id: 'drop' })).toEqual({
      found: true,
      removed: true,
    });
    expect(await send('users.purchases.remove', { usuario_id: fan.usuario_id, reserva_id: 'drop' })).toEqual({
      found: true,
      removed: false,
    });
    const profile = await users.get(`/api/users/${fan.usuario_id}`, { token: admin });
    expect(profile.body.historial_compras.map((p: { reserva_id: string }) => p.reserva_id)).toEqual(['keep']);
  });

  it('reports an unknown user on append without creating anything', async () => {
    expect(
      await send('users.purchases.append', {
        usuario_id: '0123456789abcdef01234567',
        reserva_id: 'r',
        evento_id: 'e',
        cantidad: 1,
        monto: 1,
        fecha_compra: BOUGHT,
      }),
    ).toEqual({
      found: false,
      applied: false,
    });
  });

  it('rejects a malformed append instead of storing it', async () => {
    const { fan } = await registered();
    await expect(
      send('users.purchases.append', {
        usuario_id: fan.usuario_id,
        reserva_id: 'r',
        evento_id: 'e',
        cantidad: -1,
        monto: 1,
        fecha_compra: BOUGHT,
      }),
    ).rejects.toMatchObject({ kind: 'invalid' });
  });
});
