// Original plan, scenario 4 ("Crear Reservas - SAGA", concurrency): 30 fans reserving, ramp-up 5 s,
// each reservation running the whole chain and saga.
import { check, sleep } from 'k6';
import exec from 'k6/execution';
import { createEvent, intEnv, jmeterRampDelay, registerFans, requireKeys, reserve, SUMMARY_STATS, summaryWriter } from './lib/eventflow.js';

const VUS = intEnv('VUS', 30);
const RAMP_SECONDS = intEnv('RAMP_SECONDS', 5);
const ITERATIONS = intEnv('ITERATIONS', 1);
// One ticket per reservation and a fresh event every 10 iterations keep each fan under the
// default purchase limit (10 per fan and event), so every reservation should succeed.
const PER_EVENT = 10;

export const options = {
  scenarios: { sagas: { executor: 'per-vu-iterations', vus: VUS, iterations: ITERATIONS, maxDuration: '10m' } },
  // Counting requests per route puts them (and their rate) in the summary the bench reads.
  thresholds: {
    'http_reqs{name:POST /api/reservar}': ['count>0'],
    http_req_failed: ['rate<0.01'],
    'http_req_duration{name:POST /api/reservar}': ['p(95)<150'],
    checks: ['rate>0.99'],
  },
  summaryTrendStats: SUMMARY_STATS,
};

export function setup() {
  requireKeys('ORGANIZER_KEY');
  const events = [];
  for (let i = 0; i < Math.ceil(ITERATIONS / PER_EVENT); i++) events.push(createEvent());
  return { events, fans: registerFans(VUS) };
}

export default function (data) {
  const delay = jmeterRampDelay(VUS, RAMP_SECONDS);
  if (delay > 0) sleep(delay);
  const fan = data.fans[(exec.vu.idInTest - 1) % data.fans.length];
  const eventId = data.events[Math.floor(exec.vu.iterationInScenario / PER_EVENT) % data.events.length];
  const response = reserve(fan.token, fan.usuario_id, eventId, 1);
  check(response, { 'confirmed (201)': (r) => r.status === 201 && r.json('estado') === 'confirmada' });
}

export const handleSummary = summaryWriter('reservations');
