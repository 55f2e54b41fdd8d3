import { randomUUID } from 'node:crypto';
import { useRealRedis, waitUntil } from '@eventflow/testing';
import { RebuildOnce, RebuildResult } from './rebuild-once';
import { RedisLock } from './redis-lock';

/** A rebuild that runs until the test lets it finish, counting how often it was started. */
function aGatedRebuild() {
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const rebuild = {
    starts: 0,
    open: () => open(),
    run: async () => {
      rebuild.starts++;
      await gate;
      return 'rebuilt state';
    },
  };
  return rebuild;
}

describe(RebuildOnce.name, () => {
  const redis = useRealRedis();
  let lock: RedisLock;
  const aKey = () => `test:rebuild:${randomUUID()}`;

  beforeAll(() => {
    lock = new RedisLock(redis.client);
  });

  it('lets one of many concurrent callers rebuild while the others wait for it', async () => {
    const once = new RebuildOnce(lock, { lockTtlMs: 10_000, waitMs: 10_000 });
    const key = aKey();
    const rebuild = aGatedRebuild();
    const winner = once.run(key, rebuild.run);
    await waitUntil(() => rebuild.starts === 1, { description: 'the rebuild to start' });
    const waiters = Array.from({ length: 5 }, () => once.run(key, rebuild.run));
    rebuild.open();
    expect(await winner).toEqual({ outcome: 'rebuilt', value: 'rebuilt state' });
    expect(await Promise.all(waiters)).toEqual(Array.from({ length: 5 }, () => ({ outcome: 'waited' })));
    expect(rebuild.starts).toBe(1);
    expect(await lock.isLocked(key)).toBe(false);
  });

  it('answers "try again" to the callers that waited longer than their deadline', async () => {
    const once = new RebuildOnce(lock, { lockTtlMs: 10_000, waitMs: 150 });
    const key = aKey();
    const rebuild = aGatedRebuild();
    const winner = once.run(key, rebuild.run);
    await waitUntil(() => rebuild.starts === 1, { description: 'the rebuild to start' });
    expect(await once.run(key, rebuild.run)).toEqual({ outcome: 'try-again' });
    rebuild.open();
    expect(await winner).toMatchObject({ outcome: 'rebuilt' });
    expect(rebuild.starts).toBe(1);
  });

  it('keeps the lock while a rebuild outlasts its TTL, so no second rebuild starts', async () => {
    const once = new RebuildOnce(lock, { lockTtlMs: 150, waitMs: 10_000 });
    const key = aKey();
    const rebuild = aGatedRebuild();
    const started = Date.now();
    const winner = once.run(key, rebuild.run);
    await waitUntil(() => Date.now() - started > 600, { intervalMs: 25, description: 'four TTLs to pass' });
    const late = once.run(key, rebuild.run);
    await waitUntil(async () => (await lock.isLocked(key)) && Date.now() - started > 800, { description: 'the late caller to wait' });
    rebuild.open();
    expect(await Promise.all([winner, late])).toEqual([{ outcome: 'rebuilt', value: 'rebuilt state' }, { outcome: 'waited' }]);
    expect(rebuild.starts).toBe(1);
  });

  it("waits for the caller's own sign of completion, and frees the lock when a rebuild fails", async () => {
    const once = new RebuildOnce(lock, { lockTtlMs: 10_000, waitMs: 300, pollMs: 10 });
    const key = aKey();
    const marker = `${key}:intact`;
    const markerSet = async () => (await redis.client.exists(marker)) === 1;
    let fail: (error: Error) => void = () => undefined;
    const failing = once.run(key, () => new Promise<never>((_, reject) => (fail = reject)), markerSet);
    await waitUntil(() => lock.isLocked(key), { description: 'the rebuild to take the lock' });
    const waiting = once.run(key, async () => 'never runs', markerSet);
    fail(new Error('MongoDB is unavailable'));
    await expect(failing).rejects.toThrow('MongoDB is unavailable');
    expect(await waiting).toEqual({ outcome: 'try-again' });

    const retried: RebuildResult<string> = await once.run(
      key,
      async () => {
        await redis.client.set(marker, '1');
        return 'rebuilt after the failure';
      },
      markerSet,
    );
    expect(retried).toEqual({ outcome: 'rebuilt', value: 'rebuilt after the failure' });
  });
});
