import { aFan, anEvent, api, observabilityQueries, runPromtool, sampleValue, sharedStack } from '@eventflow/testing';

const stack = sharedStack();
const { admin, organizer } = stack.keys;
const SERVICES = ['users', 'events', 'reservations'] as const;

const scrape = async (service: (typeof SERVICES)[number]) => {
  const response = await api(stack.services[service].url).get('/metrics', { token: admin });
  expect(response.status).toBe(200);
  return response.text;
};

describe('GET /metrics', () => {
  it.each(SERVICES)('is for admins only on %s, as Prometheus text', async (service) => {
    const client = api(stack.services[service].url);
    expect((await client.get('/metrics')).status).toBe(401);
    expect((await client.get('/metrics', { token: organizer })).status).toBe(403);
    const scraped = await client.get('/metrics', { token: admin });
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toContain('text/plain');
  });

  it.each(SERVICES)('passes promtool check metrics on %s, with the Node runtime metrics', async (service) => {
    const text = await scrape(service);
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(text).toContain('process_cpu_seconds_total');
    const checked = runPromtool(['check', 'metrics'], text);
    expect(checked).toEqual({ status: 0, output: '' });
  });

  it('counts the operations a request sends to each store and the time spent waiting on them', async () => {
    const before = await scrape('users');
    expect((await api(stack.services.users.url).post('/api/users', aFan())).status).toBe(201);
    const after = await scrape('users');
    for (const store of ['mongodb', 'redis']) {
      expect(sampleValue(after, 'eventflow_store_operations_total', { store })).toBeGreaterThan(
        sampleValue(before, 'eventflow_store_operations_total', { store }),
      );
      expect(sampleValue(after, 'eventflow_store_wait_seconds_total', { store })).toBeGreaterThan(
        sampleValue(before, 'eventflow_store_wait_seconds_total', { store }),
      );
    }
  });

  it('times requests by route pattern and status, those the early responder answers included', async () => {
    const events = api(stack.services.events.url);
    const created = await events.post('/api/events', anEvent({ aforo_total: 40 }), { token: organizer });
    expect(created.status).toBe(201);
    const route = { method: 'GET', route: '/api/events/:evento_id', status: '200' };
    const count = (text: string) => sampleValue(text, 'eventflow_http_request_duration_seconds_count', route);
    // The first read fills the cache; the next ones are answered before Nest's pipeline.
    expect((await events.get(`/api/events/${created.body.evento_id}`)).status).toBe(200);
    const before = await scrape('events');
    const cachedBefore = sampleValue(before, 'eventflow_cache_requests_total', { cache: 'event_local', result: 'hit' });
    for (let i = 0; i < 3; i++) expect((await events.get(`/api/events/${created.body.evento_id}`)).status).toBe(200);
    expect((await events.get('/no/such/route/12345')).status).toBe(404);
    const after = await scrape('events');
    expect(count(after) - count(before)).toBeGreaterThanOrEqual(3);
    expect(sampleValue(after, 'eventflow_cache_requests_total', { cache: 'event_local', result: 'hit' })).toBeGreaterThan(cachedBefore);
    expect(sampleValue(after, 'eventflow_http_request_duration_seconds_count', { route: 'unmatched', status: '404' })).toBeGreaterThan(0);
    // Route patterns, never raw URLs: one id never becomes a label.
    expect(after.split('\n').filter((line) => line.startsWith('eventflow_http_') && line.includes(created.body.evento_id))).toEqual([]);
    expect(sampleValue(after, 'eventflow_inventory_tickets', { evento_id: created.body.evento_id, state: 'available' })).toBe(40);
    expect(sampleValue(after, 'eventflow_inventory_consistent', { evento_id: created.body.evento_id })).toBe(1);
  });

  it('exposes every metric the dashboard and the alert rules read', async () => {
    const scraped = (await Promise.all(SERVICES.map(scrape))).join('\n');
    const declared = new Set([...scraped.matchAll(/^# TYPE (\S+) (\w+)$/gm)].map((m) => m[1]));
    const missing = observabilityQueries().filter((name) => !declared.has(name.replace(/_(bucket|count|sum)$/, '')));
    expect(missing).toEqual([]);
  });
});
