// Original plan, scenario 2 ("Crear Eventos"): 20 concurrent organizers publishing, ramp-up 5 s.
import { sleep } from 'k6';
import { createEvent, intEnv, jmeterRampDelay, requireKeys, SUMMARY_STATS, summaryWriter } from './lib/eventflow.js';

const VUS = intEnv('VUS', 20);
const RAMP_SECONDS = intEnv('RAMP_SECONDS', 5);

export const options = {
  scenarios: { publish: { executor: 'per-vu-iterations', vus: VUS, iterations: intEnv('ITERATIONS', 1), maxDuration: '10m' } },
  // Counting requests per route puts them (and their rate) in the summary the bench reads.
  thresholds: {
    'http_reqs{name:POST /api/events}': ['count>0'],
    http_req_failed: ['rate<0.01'],
    'http_req_duration{name:POST /api/events}': ['p(95)<500'],
    checks: ['rate>0.99'],
  },
  summaryTrendStats: SUMMARY_STATS,
};

export function setup() {
  requireKeys('ORGANIZER_KEY');
}

export default function () {
  const delay = jmeterRampDelay(VUS, RAMP_SECONDS);
  if (delay > 0) sleep(delay);
  createEvent();
}

export const handleSummary = summaryWriter('events');
