// Open-model ramps to find saturation: first cached event reads alone, then sagas alone.
// Read the summary per tag: where achieved req/s stops following the target and p95 climbs.
import http from 'k6/http';
import { check } from 'k6';
import exec from 'k6/execution';
import { createEvent, EVENTS_URL, intEnv, registerFans, requireKeys, reserve, SUMMARY_STATS, summaryWriter } from './lib/eventflow.js';

const READ_PEAK = intEnv('READ_PEAK', 8000);
const SAGA_PEAK = intEnv('SAGA_PEAK', 800);
const STAGE = __ENV.STAGE || '10s';
const STAGE_SECONDS = parseInt(STAGE, 10);

// ONLY=reads or ONLY=sagas measures one side alone (default: both, one after the other).
const ONLY = __ENV.ONLY || '';
// Requests of the last stage, which holds the peak rate, are tagged stage:peak: their count over
// STAGE is the rate held, and their percentiles are what the targets judge.
const PEAK_FROM_MS = STAGE_SECONDS * 2 * 1000;
const stage = () => (Date.now() - exec.scenario.startTime >= PEAK_FROM_MS ? 'peak' : 'ramp');

const allScenarios = {
  cached_reads: {
    executor: 'ramping-arrival-rate',
    exec: 'readEvent',
    startRate: Math.floor(READ_PEAK / 8),
    timeUnit: '1s',
    // All VUs up front: initializing more mid-run costs k6 the CPU the service needs, and spirals.
    preAllocatedVUs: 200,
    maxVUs: 200,
    stages: [
      { target: Math.floor(READ_PEAK / 2), duration: STAGE },
      { target: READ_PEAK, duration: STAGE },
      { target: READ_PEAK, duration: STAGE },
    ],
    tags: { phase: 'reads' },
  },
  sagas: {
    executor: 'ramping-arrival-rate',
    exec: 'reserveTicket',
    startRate: Math.floor(SAGA_PEAK / 8),
    timeUnit: '1s',
    preAllocatedVUs: 100,
    maxVUs: 600,
    startTime: `${STAGE_SECONDS * 3 + 5}s`,
    stages: [
      { target: Math.floor(SAGA_PEAK / 2), duration: STAGE },
      { target: SAGA_PEAK, duration: STAGE },
      { target: SAGA_PEAK, duration: STAGE },
    ],
    tags: { phase: 'sagas' },
  },
};
if (ONLY === 'sagas') {
  delete allScenarios.cached_reads;
  allScenarios.sagas.startTime = '0s';
}
if (ONLY === 'reads') delete allScenarios.sagas;

export const options = {
  setupTimeout: '5m',
  scenarios: allScenarios,
  // Counting requests per route puts them (and their rate) in the summary the bench reads.
  thresholds: {
    'http_reqs{name:GET /api/events/:id}': [ONLY === 'sagas' ? 'count>=0' : 'count>0'],
    'http_reqs{name:POST /api/reservar}': [ONLY === 'reads' ? 'count>=0' : 'count>0'],
    'http_reqs{name:GET /api/events/:id,stage:peak}': [ONLY === 'sagas' ? 'count>=0' : 'count>0'],
    'http_reqs{name:POST /api/reservar,stage:peak}': [ONLY === 'reads' ? 'count>=0' : 'count>0'],
    'http_req_duration{name:GET /api/events/:id,stage:peak}': ['p(95)<10'],
    'http_req_duration{name:POST /api/reservar,stage:peak}': ['p(95)<150'],
    'http_req_failed{phase:reads}': ['rate<0.001'],
    'http_req_failed{phase:sagas}': ['rate<0.001'],
  },
  summaryTrendStats: SUMMARY_STATS,
};

export function setup() {
  requireKeys('ORGANIZER_KEY');
  // Enough fans × events that nobody reaches the purchase limit at the peak rate.
  const fans = registerFans(intEnv('FANS', 500));
  const events = [];
  const needed = Math.ceil((SAGA_PEAK * STAGE_SECONDS * 3) / (fans.length * 10)) + 1;
  for (let i = 0; i < needed; i++) events.push(createEvent());
  return { events, fans };
}

export function readEvent(data) {
  check(
    http.get(`${EVENTS_URL}/api/events/${data.events[0]}`, { responseType: 'none', tags: { name: 'GET /api/events/:id', stage: stage() } }),
    { 'event read (200)': (r) => r.status === 200 },
  );
}

export function reserveTicket(data) {
  const n = exec.scenario.iterationInTest;
  const fan = data.fans[n % data.fans.length];
  const eventId = data.events[Math.floor(n / (data.fans.length * 10)) % data.events.length];
  check(reserve(fan.token, fan.usuario_id, eventId, 1, undefined, { stage: stage() }), { 'confirmed (201)': (r) => r.status === 201 });
}

export const handleSummary = summaryWriter('throughput');
