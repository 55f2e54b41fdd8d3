import { randomUUID } from 'node:crypto';
import { useRealRedis, waitUntil } from '@eventflow/testing';
import { RedisLock } from './redis-lock';

describe(RedisLock.name, () => {
  const redis = useRealRedis();
  let lock: RedisLock;
  const aKey = () => `test:lock:${randomUUID()}`;

  beforeAll(() => {
    lock = new RedisLock(redis.client);
  });

  it('gives the lock to one caller at a time, and to the next once it lapses', async () => {
    const key = aKey();
    const first = await lock.acquire(key, 100);
    expect(first).toEqual(expect.any(String));
    expect(await lock.acquire(key, 100)).toBeUndefined();
    const next = await waitUntil(() => lock.acquire(key, 10_000), { timeoutMs: 5_000, intervalMs: 20, description: 'the lock to lapse' });
    expect(next).not.toBe(first);
    expect(await redis.client.get(key)).toBe(next);
  });

  it("acquires with the caller's own token (a saga run's lease owner)", async () => {
    const key = aKey();
    expect(await lock.acquire(key, 10_000, 'run-1')).toBe('run-1');
    expect(await redis.client.get(key)).toBe('run-1');
  });

  it('is released only by its owner', async () => {
    const key = aKey();
    const token = (await lock.acquire(key, 10_000))!;
    expect(await lock.release(key, 'someone-else')).toBe(false);
    expect(await lock.isLocked(key)).toBe(true);
    expect(await lock.release(key, token)).toBe(true);
    expect(await lock.isLocked(key)).toBe(false);
    expect(await lock.release(key, token)).toBe(false);
  });

  it('is renewed only by its owner, and not revived once it lapsed', async () => {
    const key = aKey();
    const token = (await lock.acquire(key, 200))!;
    expect(await lock.renew(key, 'someone-else', 60_000)).toBe(false);
    expect(await redis.client.pttl(key)).toBeLessThanOrEqual(200);
    expect(await lock.renew(key, token, 60_000)).toBe(true);
    expect(await redis.client.pttl(key)).toBeGreaterThan(50_000);

    const lapsing = aKey();
    const lapsed = (await lock.acquire(lapsing, 50))!;
    await waitUntil(async () => !(await lock.isLocked(lapsing)), { timeoutMs: 5_000, intervalMs: 10, description: 'the lock to lapse' });
    expect(await lock.renew(lapsing, lapsed, 60_000)).toBe(false);
    expect(await lock.isLocked(lapsing)).toBe(false);
  });

  it('keeps a lock while a task outlasts its TTL many times over', async () => {
    const key = aKey();
    const token = (await lock.acquire(key, 150))!;
    const owners = await lock.keepRenewed(key, token, 150, async (held) => {
      const seen: Array<string | null> = [];
      const started = Date.now();
      await waitUntil(
        async () => {
          seen.push(await redis.client.get(key));
          return Date.now() - started > 900;
        },
        { intervalMs: 25, description: 'six TTLs to pass' },
      );
      expect(held.signal.aborted).toBe(false);
      return seen;
    });
    expect(new Set(owners)).toEqual(new Set([token]));
    expect(await lock.release(key, token)).toBe(true);
  });

  it('tells the task when its lock was taken over, and stops renewing it', async () => {
    const key = aKey();
    const token = (await lock.acquire(key, 150))!;
    await lock.keepRenewed(key, token, 150, async (held) => {
      await redis.client.set(key, 'the-next-owner', 'PX', 60_000);
      await waitUntil(() => held.signal.aborted, { timeoutMs: 5_000, intervalMs: 10, description: 'the loss to be noticed' });
      expect(String(held.signal.reason)).toContain(`lock ${key} was lost`);
    });
    expect(await redis.client.get(key)).toBe('the-next-owner');
    expect(await redis.client.pttl(key)).toBeGreaterThan(50_000);
  });

  describe('withLock', () => {
    it('runs the task under the lock and releases it afterwards, also when the task fails', async () => {
      const key = aKey();
      const result = await lock.withLock(key, 10_000, async (held) => {
        expect(await redis.client.get(key)).toBe(held.token);
        return 42;
      });
      expect(result).toEqual({ acquired: true, value: 42 });
      expect(await lock.isLocked(key)).toBe(false);
      await expect(lock.withLock(key, 10_000, () => Promise.reject(new Error('task failed')))).rejects.toThrow('task failed');
      expect(await lock.isLocked(key)).toBe(false);
    });

    it('does not run the task while someone else holds the lock', async () => {
      const key = aKey();
      await lock.acquire(key, 10_000, 'the-holder');
      let ran = false;
      expect(await lock.withLock(key, 10_000, async () => (ran = true))).toEqual({ acquired: false });
      expect(ran).toBe(false);
      expect(await redis.client.get(key)).toBe('the-holder');
    });

    it("never deletes a lock that changed hands while the task ran (a lapsed rebuild's finally)", async () => {
      const key = aKey();
      await lock.withLock(key, 10_000, async () => {
        await redis.client.set(key, 'the-next-owner', 'PX', 60_000);
      });
      expect(await redis.client.get(key)).toBe('the-next-owner');
    });
  });
});
