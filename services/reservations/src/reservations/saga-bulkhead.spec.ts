import { SagaBulkhead } from './saga-bulkhead';

describe(SagaBulkhead.name, () => {
  it('never runs more than its limit at once, and runs everything eventually', async () => {
    const bulkhead = new SagaBulkhead(3, 100);
    let running = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        bulkhead.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setImmediate(resolve));
          running--;
          return i;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(bulkhead.inFlight).toBe(0);
  });

  it('refuses work at once when its queue is full', async () => {
    const bulkhead = new SagaBulkhead(1, 1);
    let release!: () => void;
    const blocker = bulkhead.run(() => new Promise<void>((resolve) => (release = resolve)));
    const queued = bulkhead.run(async () => 'queued');
    await expect(bulkhead.run(async () => 'refused')).rejects.toMatchObject({ name: 'DependencyUnavailableError' });
    release();
    await blocker;
    expect(await queued).toBe('queued');
  });

  it('frees its slot when the work fails', async () => {
    const bulkhead = new SagaBulkhead(1, 10);
    await expect(bulkhead.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await bulkhead.run(async () => 'ok')).toBe('ok');
  });
});
