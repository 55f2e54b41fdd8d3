// The bench's test data and its checks go through EventFlow's public API, exactly as a client's
// would: fans register, organizers publish events with their key, admins list reservations.
const { randomBytes } = require('node:crypto');

const env = (name) => {
  if (!process.env[name]) throw new Error(`${name} is not set: run through scripts/bench.sh (it reads .env.local)`);
  return process.env[name];
};
const urls = () => ({ users: env('USERS_URL'), events: env('EVENTS_URL'), reservations: env('RESERVATIONS_URL') });

/** Letters and digits, unique across runs. */
const unique = () => `${Date.now().toString(36)}${randomBytes(6).toString('hex')}`.toUpperCase();

function fanBody() {
  const id = unique();
  return {
    tipo_documento: 'Pasaporte',
    nro_documento: id.slice(-20),
    nombre: 'Carga',
    apellido: 'Vegeta',
    email: `bench.${id.toLowerCase()}@loadtest.example`,
  };
}

function eventBody(overrides = {}) {
  return {
    nombre: `Carga ${unique()}`,
    descripcion: 'Evento creado por la prueba de carga',
    fecha: new Date(Date.now() + 90 * 24 * 3600 * 1000).toISOString(),
    lugar: 'Estadio de pruebas',
    aforo_total: 1000000,
    precio: 25.5,
    categoria: 'Concierto',
    ...overrides,
  };
}

async function call(method, url, { token, body, timeoutMs = 30_000 } = {}) {
  const response = await fetch(url, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  // Status and path only: a body may carry a token or personal data.
  if (!response.ok) throw new Error(`${method} ${new URL(url).pathname} answered ${response.status}`);
  return text ? JSON.parse(text) : undefined;
}

/** Runs `task(i)` for i < count, `concurrency` at a time. */
async function pool(count, concurrency, task) {
  const results = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

/** Registers `count` fans: [{ usuario_id, token }]. */
async function registerFans(count) {
  return pool(count, 20, async () => {
    const body = await call('POST', `${urls().users}/api/users`, { body: fanBody() });
    return { usuario_id: body.usuario_id, token: body.access_token };
  });
}

/** Publishes `count` events with the organizer key: their evento_id. */
async function createEvents(count, overrides) {
  return pool(
    count,
    10,
    async () => (await call('POST', `${urls().events}/api/events`, { token: env('ORGANIZER_KEY'), body: eventBody(overrides) })).evento_id,
  );
}

const patchEvent = (eventId, body) => call('PATCH', `${urls().events}/api/events/${eventId}`, { token: env('ORGANIZER_KEY'), body });

const inventoryOf = (eventId) => call('GET', `${urls().events}/api/events/${eventId}/inventario`, { token: env('ORGANIZER_KEY') });

/** Every reservation of an event (the admin listing, 100 a page). */
async function reservationsOfEvent(eventId) {
  const all = [];
  for (let page = 1; ; page++) {
    const url = `${urls().reservations}/api/reservar?evento_id=${eventId}&page=${page}&limit=100`;
    const body = await call('GET', url, { token: env('ADMIN_KEY'), timeoutMs: 120_000 });
    all.push(...body.reservas);
    if (all.length >= body.total || body.reservas.length === 0) return all;
  }
}

module.exports = { urls, env, fanBody, eventBody, registerFans, createEvents, patchEvent, inventoryOf, reservationsOfEvent };
