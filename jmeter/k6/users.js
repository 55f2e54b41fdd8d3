// Original plan, scenario 1 ("Crear Usuarios"): 50 concurrent fans registering, ramp-up 10 s.
import { sleep } from 'k6';
import { jmeterRampDelay, intEnv, registerFan, SUMMARY_STATS, summaryWriter } from './lib/eventflow.js';

const VUS = intEnv('VUS', 50);
const RAMP_SECONDS = intEnv('RAMP_SECONDS', 10);

export const options = {
  scenarios: { registrations: { executor: 'per-vu-iterations', vus: VUS, iterations: intEnv('ITERATIONS', 1), maxDuration: '10m' } },
  // Counting requests per route puts them (and their rate) in the summary the bench reads.
  thresholds: {
    'http_reqs{name:POST /api/users}': ['count>0'],
    http_req_failed: ['rate<0.01'],
    'http_req_duration{name:POST /api/users}': ['p(95)<500'],
    checks: ['rate>0.99'],
  },
  summaryTrendStats: SUMMARY_STATS,
};

export default function () {
  const delay = jmeterRampDelay(VUS, RAMP_SECONDS);
  if (delay > 0) sleep(delay);
  registerFan();
}

export const handleSummary = summaryWriter('users');
