import { waitUntil } from './wait';

describe(waitUntil.name, () => {
  it('returns the first truthy value the probe yields', async () => {
    let calls = 0;
    await expect(waitUntil(() => (++calls >= 3 ? calls : undefined), { intervalMs: 1 })).resolves.toBe(3);
  });

  it('fails after the deadline with the last error', async () => {
    await expect(
      waitUntil(
        () => {
          throw new Error('still down');
        },
        { timeoutMs: 30, intervalMs: 5, description: 'the store' },
      ),
    ).rejects.toThrow(/waiting for the store: still down/);
  });
});
