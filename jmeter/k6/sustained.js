// Sustained mixed load at a fixed arrival rate (open model): 80 % event reads, 10 % profile reads,
// 10 % reservations. Raise RATE until p95 or the error rate breaks: that is the sustainable rate.
import http from 'k6/http';
import { check } from 'k6';
import exec from 'k6/execution';
import {
  bearer,
  createEvent,
  EVENTS_URL,
  intEnv,
  registerFans,
  requireKeys,
  reserve,
  SUMMARY_STATS,
  summaryWriter,
  USERS_URL,
} from './lib/eventflow.js';

const RATE = intEnv('RATE', 500);
const DURATION = __ENV.DURATION || '30s';
const FANS = intEnv('FANS', 200);

export const options = {
  setupTimeout: '5m',
  scenarios: {
    mixed: {
      executor: 'constant-arrival-rate',
      rate: RATE,
      timeUnit: '1s',
      duration: DURATION,
      preAllocatedVUs: Math.max(50, Math.ceil(RATE / 10)),
      maxVUs: Math.max(200, RATE),
    },
  },
  // Counting requests per route puts them (and their rate) in the summary the bench reads.
  thresholds: {
    'http_reqs{name:GET /api/events/:id}': ['count>0'],
    'http_reqs{name:GET /api/users/:id}': ['count>0'],
    'http_reqs{name:POST /api/reservar}': ['count>0'],
    http_req_failed: ['rate<0.001'],
    dropped_iterations: ['count<' + Math.max(1, Math.floor(RATE * 0.001 * 30))],
    'http_req_duration{name:GET /api/events/:id}': ['p(95)<10'],
    'http_req_duration{name:GET /api/users/:id}': ['p(95)<50'],
    'http_req_duration{name:POST /api/reservar}': ['p(95)<150'],
    checks: ['rate>0.999'],
  },
  summaryTrendStats: SUMMARY_STATS,
};

// A purchase-limit 409 is a deliberate rejection, not an error.
http.setResponseCallback(http.expectedStatuses(200, 201, 409));

export function setup() {
  requireKeys('ORGANIZER_KEY');
  const events = [];
  for (let i = 0; i < 5; i++) events.push(createEvent());
  return { events, fans: registerFans(FANS) };
}

export default function (data) {
  const dice = Math.random();
  const fan = data.fans[Math.floor(Math.random() * data.fans.length)];
  if (dice < 0.8) {
    const eventId = data.events[Math.floor(Math.random() * data.events.length)];
    check(http.get(`${EVENTS_URL}/api/events/${eventId}`, { responseType: 'none', tags: { name: 'GET /api/events/:id' } }), {
      'event read (200)': (r) => r.status === 200,
    });
  } else if (dice < 0.9) {
    check(
      http.get(
        `${USERS_URL}/api/users/${fan.usuario_id}`,
        Object.assign(bearer(fan.token), { responseType: 'none', tags: { name: 'GET /api/users/:id' } }),
      ),
      { 'profile read (200)': (r) => r.status === 200 },
    );
  } else {
    // Spread each fan's reservations over the events so the purchase limit is rarely reached;
    // a 409 for the limit is a deliberate rejection, not an error.
    const eventId = data.events[exec.scenario.iterationInTest % data.events.length];
    const response = reserve(fan.token, fan.usuario_id, eventId, 1);
    check(response, { 'reservation answered by the rules (201/409)': (r) => r.status === 201 || r.status === 409 });
  }
}

export const handleSummary = summaryWriter('sustained');
