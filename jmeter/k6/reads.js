// Original plan, scenario 3 ("Consultar Eventos", stress): 100 readers × 10 iterations, ramp-up 20 s,
// reading an event (public, cached) and a fan's own profile (cached).
import http from 'k6/http';
import { check, sleep } from 'k6';
import {
  bearer,
  createEvent,
  EVENTS_URL,
  intEnv,
  jmeterRampDelay,
  registerFans,
  requireKeys,
  SUMMARY_STATS,
  summaryWriter,
  USERS_URL,
} from './lib/eventflow.js';

const VUS = intEnv('VUS', 100);
const RAMP_SECONDS = intEnv('RAMP_SECONDS', 20);

export const options = {
  scenarios: { reads: { executor: 'per-vu-iterations', vus: VUS, iterations: intEnv('ITERATIONS', 10), maxDuration: '10m' } },
  // Counting requests per route puts them (and their rate) in the summary the bench reads.
  thresholds: {
    'http_reqs{name:GET /api/events/:id}': ['count>0'],
    'http_reqs{name:GET /api/users/:id}': ['count>0'],
    http_req_failed: ['rate<0.001'],
    'http_req_duration{name:GET /api/events/:id}': ['p(95)<10'],
    'http_req_duration{name:GET /api/users/:id}': ['p(95)<50'],
    checks: ['rate>0.999'],
  },
  summaryTrendStats: SUMMARY_STATS,
};

export function setup() {
  requireKeys('ORGANIZER_KEY');
  const events = [createEvent(), createEvent(), createEvent()];
  return { events, fans: registerFans(intEnv('FANS', 20)) };
}

export default function (data) {
  const delay = jmeterRampDelay(VUS, RAMP_SECONDS);
  if (delay > 0) sleep(delay);
  const eventId = data.events[Math.floor(Math.random() * data.events.length)];
  const event = http.get(`${EVENTS_URL}/api/events/${eventId}`, { responseType: 'none', tags: { name: 'GET /api/events/:id' } });
  check(event, { 'event read (200)': (r) => r.status === 200 });
  const fan = data.fans[Math.floor(Math.random() * data.fans.length)];
  const profile = http.get(
    `${USERS_URL}/api/users/${fan.usuario_id}`,
    Object.assign(bearer(fan.token), { responseType: 'none', tags: { name: 'GET /api/users/:id' } }),
  );
  check(profile, { 'profile read (200)': (r) => r.status === 200 });
}

export const handleSummary = summaryWriter('reads');
