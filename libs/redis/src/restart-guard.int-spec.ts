import Redis from 'ioredis';
import { RunningStore, startRedis, waitUntil } from '@eventflow/testing';
import { RedisLock } from './redis-lock';
import { RedisRestartGuard } from './restart-guard';

describe(RedisRestartGuard.name, () => {
  let server: RunningStore;
  let redis: Redis;

  beforeAll(async () => {
    server = await startRedis();
    redis = new Redis(server.url);
  });

  afterAll(async () => {
    redis.disconnect();
    await server.destroy();
  });

  it('H2: reconciles each Redis run once across instances, and again after Redis restarts', async () => {
    let verifications = 0;
    const verify = async () => {
      verifications++;
    };
    const other = new Redis(server.url);
    try {
      const [one, two] = [redis, other].map((client) => new RedisRestartGuard(client, new RedisLock(client), { scope: 'test', verify }));
      await Promise.all([one.verified(), two.verified(), one.verified()]);
      expect(verifications).toBe(1);
      await one.verified(); // the verdict is remembered: no Redis call
      await server.stop();
      await server.start();
      await waitUntil(async () => redis.status === 'ready' && other.status === 'ready', { description: 'both clients back' });
      await Promise.all([one.verified(), two.verified()]);
      expect(verifications).toBe(2);
    } finally {
      other.disconnect();
    }
  });

  it('answers "try again" while another instance is still verifying, and fails closed when verifying fails', async () => {
    let finish: () => void = () => undefined;
    const slow = new RedisRestartGuard(redis, new RedisLock(redis), {
      scope: 'slow',
      verify: () => new Promise<void>((resolve) => (finish = resolve)),
      waitMs: 100,
    });
    const waiting = new RedisRestartGuard(redis, new RedisLock(redis), { scope: 'slow', verify: async () => undefined, waitMs: 100 });
    const first = slow.verified();
    await waitUntil(async () => (await redis.exists('slow:verifying:' + /run_id:(\w+)/.exec(await redis.info('server'))![1])) === 1, {
      description: 'the first verification running',
    });
    await expect(waiting.verified()).rejects.toThrow(/try again/);
    finish();
    await first;
    await waiting.verified();
    const broken = new RedisRestartGuard(redis, new RedisLock(redis), {
      scope: 'broken',
      verify: async () => Promise.reject(new Error('MongoDB is down')),
    });
    await expect(broken.verified()).rejects.toThrow('MongoDB is down');
  });
});
