import { randomBytes } from 'node:crypto';
import { ACCESS_TABLE, AccessRow, aFan, anEvent, api, Api, Credential, CREDENTIALS, HttpResult, sharedStack } from '@eventflow/testing';

/** Every route × every kind of credential, against the table docs/access.md is generated from. */
const stack = sharedStack();
const services: Record<AccessRow['service'], Api> = {
  users: api(stack.services.users.url),
  events: api(stack.services.events.url),
  reservations: api(stack.services.reservations.url),
};
const { users, events, reservations } = services;

interface Fixture {
  fan: { usuario_id: string; access_token: string };
  otherFan: { usuario_id: string; access_token: string };
  event: string;
  /** Where fresh reservations are made, so the fan stays under the purchase limit of `event`. */
  freshEvent: string;
  reservation: string;
}

let fixture: Fixture;

async function reserve(eventoId: string): Promise<string> {
  const response = await reservations.post(
    '/api/reservar',
    { usuario_id: fixture.fan.usuario_id, evento_id: eventoId, cantidad: 1 },
    { token: fixture.fan.access_token },
  );
  if (response.status !== 201) throw new Error(`could not reserve: ${response.status} ${response.text}`);
  return response.body.reserva_id;
}

beforeAll(async () => {
  const [fan, otherFan] = await Promise.all([users.post('/api/users', aFan()), users.post('/api/users', aFan())]);
  const [event, freshEvent] = await Promise.all([
    events.post('/api/events', anEvent({ aforo_total: 200 }), { token: stack.keys.organizer }),
    events.post('/api/events', anEvent({ aforo_total: 200 }), { token: stack.keys.organizer }),
  ]);
  fixture = { fan: fan.body, otherFan: otherFan.body, event: event.body.evento_id, freshEvent: freshEvent.body.evento_id, reservation: '' };
  fixture.reservation = await reserve(fixture.event);
});

function headersFor(credential: Credential): { token?: string; headers?: Record<string, string> } {
  switch (credential) {
    case 'none':
      return {};
    case 'malformed':
      return { headers: { authorization: `Basic ${Buffer.from('user:password').toString('base64')}` } };
    case 'unknown':
      return { token: randomBytes(32).toString('base64url') };
    case 'fan':
      return { token: fixture.fan.access_token };
    case 'other fan':
      return { token: fixture.otherFan.access_token };
    case 'organizer':
      return { token: stack.keys.organizer };
    case 'other organizer':
      return { token: stack.keys.organizer2 };
    case 'analyst':
      return { token: stack.keys.analyst };
    case 'admin':
      return { token: stack.keys.admin };
  }
}

function bodyFor(row: AccessRow): unknown {
  switch (row.body) {
    case undefined:
      return undefined;
    case 'registration':
      return aFan();
    case 'event':
      return anEvent();
    case 'event change':
      return { descripcion: `changed ${randomBytes(4).toString('hex')}` };
    case 'reservation':
      return { usuario_id: fixture.fan.usuario_id, evento_id: fixture.event, cantidad: 1 };
    case 'waiting list':
      return { cantidad: 1 };
  }
}

async function call(row: AccessRow, credential: Credential): Promise<HttpResult> {
  let path = row.path
    .replace('{fan}', fixture.fan.usuario_id)
    .replace('{event}', fixture.event)
    .replace('{reservation}', fixture.reservation);
  if (path.includes('{fresh reservation}')) path = path.replace('{fresh reservation}', await reserve(fixture.freshEvent));
  const client = services[row.service];
  const options = headersFor(credential);
  switch (row.method) {
    case 'GET':
      return client.get(path, options);
    case 'DELETE':
      return client.delete(path, options);
    case 'POST':
      return client.post(path, bodyFor(row), options);
    case 'PATCH':
      return client.patch(path, bodyFor(row), options);
  }
}

describe('the access table (docs/access.md)', () => {
  it.each(ACCESS_TABLE.map((row) => [`${row.service}: ${row.method} ${row.route}`, row] as const))('%s', async (_name, row) => {
    const answered: Record<string, number> = {};
    for (const credential of CREDENTIALS) {
      const response = await call(row, credential);
      answered[credential] = response.status;
      if (response.status >= 400) {
        expect(response.body).toMatchObject({ statusCode: response.status, error: expect.any(String), message: expect.any(String) });
      }
    }
    expect(answered).toEqual(row.expected);
  });
});
