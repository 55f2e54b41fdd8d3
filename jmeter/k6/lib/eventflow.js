// Shared by every k6 scenario: where EventFlow is, how to authenticate, and how to make
// test data through the public API (never by writing to a database).
import http from 'k6/http';
import { check, fail } from 'k6';
import exec from 'k6/execution';

export const USERS_URL = __ENV.USERS_URL || 'http://localhost:3001';
export const EVENTS_URL = __ENV.EVENTS_URL || 'http://localhost:3002';
export const RESERVATIONS_URL = __ENV.RESERVATIONS_URL || 'http://localhost:3003';
export const ORGANIZER_KEY = __ENV.ORGANIZER_KEY || '';
export const ADMIN_KEY = __ENV.ADMIN_KEY || '';
export const RESULTS_DIR = __ENV.RESULTS_DIR || 'results';

const JSON_HEADERS = { 'Content-Type': 'application/json' };

export function bearer(token, extra) {
  return { headers: Object.assign({ Authorization: `Bearer ${token}` }, JSON_HEADERS, extra || {}) };
}

export function intEnv(name, fallback) {
  const value = parseInt(__ENV[name] || '', 10);
  return Number.isFinite(value) ? value : fallback;
}

export function requireKeys(...names) {
  for (const name of names) {
    if (!__ENV[name]) fail(`${name} is not set: run through scripts/run-k6.sh, or export it (see README "Load testing")`);
  }
}

let sequence = 0;
/** A value unique across VUs, iterations and runs: letters and digits only. */
export function unique() {
  sequence += 1;
  const vu = exec.vu ? exec.vu.idInTest : 0;
  return `${Date.now().toString(36)}${vu.toString(36)}${sequence.toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`.toUpperCase();
}

export function fanBody() {
  const id = unique();
  return {
    tipo_documento: 'Pasaporte',
    nro_documento: id.slice(-20),
    nombre: 'Carga',
    apellido: 'K6',
    email: `k6.${id.toLowerCase()}@loadtest.example`,
  };
}

/** Registers a fan; returns {usuario_id, token} or undefined when the API refused. */
export function registerFan(tags) {
  const response = http.post(`${USERS_URL}/api/users`, JSON.stringify(fanBody()), {
    headers: JSON_HEADERS,
    tags: Object.assign({ name: 'POST /api/users' }, tags || {}),
  });
  if (!check(response, { 'registered (201)': (r) => r.status === 201 })) return undefined;
  const body = response.json();
  return { usuario_id: body.usuario_id, token: body.access_token };
}

export function eventBody(overrides) {
  return Object.assign(
    {
      nombre: `Carga ${unique()}`,
      descripcion: 'Evento creado por la prueba de carga',
      fecha: new Date(Date.now() + 90 * 24 * 3600 * 1000).toISOString(),
      lugar: 'Estadio de pruebas',
      aforo_total: 1000000,
      precio: 25.5,
      categoria: 'Concierto',
    },
    overrides || {},
  );
}

export function createEvent(overrides, tags) {
  const response = http.post(
    `${EVENTS_URL}/api/events`,
    JSON.stringify(eventBody(overrides)),
    Object.assign(bearer(ORGANIZER_KEY), { tags: Object.assign({ name: 'POST /api/events' }, tags || {}) }),
  );
  if (!check(response, { 'event created (201)': (r) => r.status === 201 })) return undefined;
  return response.json().evento_id;
}

export function reserve(token, usuarioId, eventoId, cantidad, extraHeaders, tags) {
  return http.post(
    `${RESERVATIONS_URL}/api/reservar`,
    JSON.stringify({ usuario_id: usuarioId, evento_id: eventoId, cantidad }),
    Object.assign(bearer(token, extraHeaders), { tags: Object.assign({ name: 'POST /api/reservar' }, tags || {}) }),
  );
}

/** Registers `count` fans in parallel batches (setup only). */
export function registerFans(count) {
  const fans = [];
  const batchSize = 50;
  for (let start = 0; start < count; start += batchSize) {
    const requests = [];
    for (let i = start; i < Math.min(count, start + batchSize); i++) {
      requests.push({
        method: 'POST',
        url: `${USERS_URL}/api/users`,
        body: JSON.stringify(fanBody()),
        params: { headers: JSON_HEADERS, tags: { name: 'setup' } },
      });
    }
    for (const response of http.batch(requests)) {
      if (response.status !== 201) fail(`setup could not register a fan: ${response.status} ${response.body}`);
      const body = response.json();
      fans.push({ usuario_id: body.usuario_id, token: body.access_token });
    }
  }
  return fans;
}

/**
 * The first iteration of VU n starts n/vus of the way through `rampSeconds`: the shape of a
 * JMeter thread group ("50 threads, ramp-up 10 s"), which the original plan uses.
 */
export function jmeterRampDelay(vus, rampSeconds) {
  if (exec.vu.iterationInScenario !== 0) return 0;
  return ((exec.vu.idInTest - 1) % vus) * (rampSeconds / vus);
}

function fmt(value) {
  return value === undefined ? '-' : Number(value).toFixed(2);
}

/** Writes the k6 summary JSON under results/ and a short digest to stdout. */
export function summaryWriter(scenario) {
  // The bench reruns some scenarios under another name (e.g. postgresql-reservations).
  const name = __ENV.SUMMARY_NAME || scenario;
  return function handleSummary(data) {
    const lines = [`\n${name}: ${data.state && data.state.testRunDurationMs ? (data.state.testRunDurationMs / 1000).toFixed(1) : '?'} s`];
    for (const [metric, values] of Object.entries(data.metrics)) {
      if (!values.values) continue;
      if (values.type === 'trend') {
        lines.push(
          `  ${metric}: avg ${fmt(values.values.avg)} p50 ${fmt(values.values.med)} p95 ${fmt(values.values['p(95)'])} p99 ${fmt(values.values['p(99)'])} max ${fmt(values.values.max)}`,
        );
      } else if (values.type === 'counter') {
        lines.push(`  ${metric}: ${values.values.count} (${fmt(values.values.rate)}/s)`);
      } else if (values.type === 'rate') {
        lines.push(`  ${metric}: ${fmt(values.values.rate * 100)} %`);
      }
      if (values.thresholds) {
        for (const [threshold, result] of Object.entries(values.thresholds)) lines.push(`    ${result.ok ? 'ok  ' : 'FAIL'} ${threshold}`);
      }
    }
    const out = {};
    out[`${RESULTS_DIR}/${name}.json`] = JSON.stringify(data, null, 2);
    out.stdout = `${lines.join('\n')}\n`;
    return out;
  };
}

/** Options every scenario shares: p99 in the summary, and no noise from setup requests. */
export const SUMMARY_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'];
