import { aFan, api, sharedStack } from '@eventflow/testing';

const stack = sharedStack();
const { admin, organizer } = stack.keys;

function counter(text: string, metric: string, store: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${metric}{store="${store}"} `));
  if (!line) throw new Error(`${metric}{store="${store}"} missing from:\n${text}`);
  return Number(line.split(' ')[1]);
}

describe('GET /metrics/stores', () => {
  it.each(['users', 'events', 'reservations'] as const)('is for admins only on %s', async (service) => {
    const client = api(stack.services[service].url);
    expect((await client.get('/metrics/stores')).status).toBe(401);
    expect((await client.get('/metrics/stores', { token: organizer })).status).toBe(403);
    const scraped = await client.get('/metrics/stores', { token: admin });
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toContain('text/plain');
  });

  it('counts the operations a request sends to each store and the time spent waiting on them', async () => {
    const users = api(stack.services.users.url);
    const before = (await users.get('/metrics/stores', { token: admin })).text;
    expect((await users.post('/api/users', aFan())).status).toBe(201);
    const after = (await users.get('/metrics/stores', { token: admin })).text;
    for (const store of ['mongodb', 'redis']) {
      expect(counter(after, 'eventflow_store_operations_total', store)).toBeGreaterThan(
        counter(before, 'eventflow_store_operations_total', store),
      );
      expect(counter(after, 'eventflow_store_wait_seconds_total', store)).toBeGreaterThan(
        counter(before, 'eventflow_store_wait_seconds_total', store),
      );
    }
  });
});
