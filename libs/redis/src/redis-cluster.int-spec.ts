import { randomUUID } from 'node:crypto';
import { Cluster } from 'ioredis';
import { Queue } from 'bullmq';
import { RunningRedisCluster, startRedisCluster, waitUntil } from '@eventflow/testing';
import { JobWorker } from './job-worker';
import { deleteMatching, primaryServers, readMany } from './keyspace';
import { connectRedis, createRedisClient, queuePrefix, RedisClient } from './redis-connections';
import { defineScript } from './redis-script';

/** The Redis clients on a real 3-master cluster: what works on one server must work on it too. */
describe('Redis Cluster clients', () => {
  let cluster: RunningRedisCluster;
  let redis: RedisClient;
  const endpoint = () => ({ REDIS_URL: cluster.url, REDIS_CLUSTER_NODES: cluster.nodes });

  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 0 });
    redis = createRedisClient(endpoint(), 'command');
    redis.on('error', () => undefined);
    await connectRedis(redis);
  }, 60_000);

  afterAll(async () => {
    redis?.disconnect();
    await cluster?.destroy();
  });

  it('is a cluster client when REDIS_CLUSTER_NODES is set, and names every master', async () => {
    expect(redis).toBeInstanceOf(Cluster);
    expect(await primaryServers(redis)).toHaveLength(3);
  });

  it('reads keys of many slots in one call, in order', async () => {
    const keys = Array.from({ length: 20 }, (_, i) => `test:${randomUUID()}:${i}`);
    await Promise.all(keys.map((key, i) => redis.set(key, String(i))));
    expect(await readMany(redis, [...keys, `test:${randomUUID()}`])).toEqual([...keys.map((_, i) => String(i)), null]);
  });

  it('deletes the matching keys on every master, and only those', async () => {
    const run = randomUUID();
    const doomed = Array.from({ length: 30 }, (_, i) => `test:${run}:doomed:${i}`);
    const kept = `test:${run}:kept`;
    await Promise.all([...doomed, kept].map((key) => redis.set(key, '1')));
    expect(await deleteMatching(redis, `test:${run}:doomed:*`)).toBe(30);
    expect(await readMany(redis, [...doomed, kept])).toEqual([...doomed.map(() => null), '1']);
  });

  it('runs a script over hash-tagged keys, and refuses keys of two slots (CROSSSLOT)', async () => {
    const swap = defineScript<string>(redis, {
      name: 'test-swap',
      keys: 2,
      lua: "redis.call('SET', KEYS[2], ARGV[1]) return redis.call('GET', KEYS[1])",
    });
    const tag = `{test:${randomUUID()}}`;
    await redis.set(`${tag}:a`, 'old');
    expect(await swap.run([`${tag}:a`, `${tag}:b`], ['new'])).toBe('old');
    await expect(swap.run([`test:${randomUUID()}:a`, `test:${randomUUID()}:b`], ['x'])).rejects.toThrow(/CROSSSLOT/);
  });

  it('runs BullMQ jobs under the hash-tagged prefix', async () => {
    const name = `test-${randomUUID()}`;
    const processed: number[] = [];
    const worker = new JobWorker<{ n: number }>({
      queue: name,
      redis: endpoint(),
      prefix: queuePrefix('test'),
      process: async (job) => void processed.push(job.data.n),
    });
    const connection = createRedisClient(endpoint(), 'queue');
    const queue = new Queue<{ n: number }>(name, { connection, prefix: queuePrefix('test') });
    try {
      worker.start();
      await queue.addBulk([1, 2, 3].map((n) => ({ name: 'n', data: { n } })));
      await waitUntil(() => processed.length === 3, { timeoutMs: 15_000, description: 'three jobs processed on the cluster' });
      expect(processed.sort()).toEqual([1, 2, 3]);
    } finally {
      await worker.stop();
      await queue.close();
      connection.disconnect();
    }
  });
});
