// On-sale day (the k6 twin of the bench's `waiting-room` scenario): FANS fans arrive within
// JOIN_SECONDS at one event of AFORO seats whose waiting room admits ADMITTED_PER_MINUTE; each
// joins, polls its turn as Retry-After suggests (at most every POLL_MAX_S), and buys one ticket
// with its admission token once admitted. At the end, through the API only: every seat sold, none
// oversold, nothing held. Polls are judged (p95 ≤ 20 ms); no answer may be a 5xx.
import http from 'k6/http';
import { check, sleep } from 'k6';
import exec from 'k6/execution';
import { Counter, Trend } from 'k6/metrics';
import {
  bearer,
  createEvent,
  EVENTS_URL,
  intEnv,
  ORGANIZER_KEY,
  registerFans,
  requireKeys,
  reserve,
  RESERVATIONS_URL,
  SUMMARY_STATS,
  summaryWriter,
} from './lib/eventflow.js';

const FANS = intEnv('FANS', 20000);
const JOIN_SECONDS = intEnv('JOIN_SECONDS', 10);
const CAPACITY = intEnv('AFORO', 500);
const PER_MINUTE = intEnv('ADMITTED_PER_MINUTE', 600);
const POLL_MAX_S = intEnv('POLL_MAX_S', 2);

const bought = new Counter('tickets_bought');
const violations = new Counter('consistency_violations');
const verified = new Counter('consistency_checks');
const waited = new Trend('admission_wait_ms');

export const options = {
  setupTimeout: '15m',
  teardownTimeout: '5m',
  scenarios: {
    arrivals: {
      executor: 'constant-arrival-rate',
      rate: Math.ceil(FANS / JOIN_SECONDS),
      timeUnit: '1s',
      duration: `${JOIN_SECONDS}s`,
      preAllocatedVUs: 2000,
      maxVUs: FANS,
      gracefulStop: `${Math.ceil((CAPACITY * 60) / PER_MINUTE) * 3}s`,
    },
  },
  thresholds: {
    'http_req_duration{name:GET /api/events/:id/fila/:id}': ['p(95)<=20'],
    'http_reqs{name:POST /api/events/:id/fila}': ['count>0'],
    http_req_failed: ['rate==0'],
    consistency_violations: ['count==0'],
    consistency_checks: ['count>0'],
  },
  summaryTrendStats: SUMMARY_STATS,
};

// A sold-out reservation is a 409 by design: not a failed request.
http.setResponseCallback(http.expectedStatuses(200, 201, 409));

export function setup() {
  requireKeys('ORGANIZER_KEY');
  const eventId = createEvent({
    aforo_total: CAPACITY,
    nombre: `Sala de espera ${Date.now()}`,
    sala_de_espera: { activa: true, admitidos_por_minuto: PER_MINUTE, ventana_compra_s: 600 },
  });
  return { eventId, fans: registerFans(FANS) };
}

export default function (data) {
  const fan = data.fans[exec.scenario.iterationInTest % data.fans.length];
  const room = `${RESERVATIONS_URL}/api/events/${data.eventId}/fila`;
  const joinedAt = Date.now();
  const joined = http.post(room, null, Object.assign(bearer(fan.token), { tags: { name: 'POST /api/events/:id/fila' } }));
  if (!check(joined, { 'joined (201)': (r) => r.status === 201 })) return;
  const turnoId = joined.json().turno_id;
  for (;;) {
    const turn = http.get(`${room}/${turnoId}`, Object.assign(bearer(fan.token), { tags: { name: 'GET /api/events/:id/fila/:id' } }));
    if (!check(turn, { 'turn read (200)': (r) => r.status === 200 })) return;
    const body = turn.json();
    if (body.estado === 'expirado') return;
    if (body.estado === 'admitido') {
      waited.add(Date.now() - joinedAt);
      const response = reserve(fan.token, fan.usuario_id, data.eventId, 1, { 'X-Admission-Token': body.token_admision });
      if (response.status === 201) bought.add(1);
      check(response, { 'bought, or sold out (201/409)': (r) => r.status === 201 || r.status === 409 });
      return;
    }
    if (inventoryOf(data.eventId).disponibles === 0) return;
    sleep(Math.min(POLL_MAX_S, Number(turn.headers['Retry-After'] || 1)));
  }
}

const inventoryOf = (eventId) =>
  http.get(`${EVENTS_URL}/api/events/${eventId}/inventario`, Object.assign(bearer(ORGANIZER_KEY), { tags: { name: 'inventory' } })).json();

export function teardown(data) {
  const inventory = inventoryOf(data.eventId);
  const results = {
    'every seat sold, none oversold': inventory.vendidas === CAPACITY,
    'no tickets left held': inventory.retenidas === 0,
    'counter agrees with the ledger': inventory.consistente === true,
  };
  console.log(
    `waiting room: aforo ${CAPACITY}, inventory ${JSON.stringify({ vendidas: inventory.vendidas, retenidas: inventory.retenidas })}`,
  );
  for (const [name, ok] of Object.entries(results)) {
    check(null, { [name]: () => ok });
    verified.add(1);
    if (!ok) violations.add(1);
  }
}

export const handleSummary = summaryWriter('waiting-room');
