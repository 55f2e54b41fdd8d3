import { randomUUID } from 'node:crypto';
import { Job, Queue } from 'bullmq';
import { useRealRedis, waitUntil } from '@eventflow/testing';
import { RecordingJobLog } from './job-log.fakes';
import { JobWorker, JobWorkerOptions } from './job-worker';
import { createRedisClient } from './redis-connections';

describe(JobWorker.name, () => {
  const redis = useRealRedis();
  const cleanup: Array<() => Promise<unknown>> = [];

  /** A worker on a fresh queue, and the queue to add its jobs to. */
  function aWorker(overrides: Partial<JobWorkerOptions<{ n: number }>> = {}) {
    const name = `test-${randomUUID()}`;
    const processed: number[] = [];
    const log = new RecordingJobLog();
    const worker = new JobWorker<{ n: number }>({
      queue: name,
      redis: { REDIS_URL: redis.url },
      prefix: 'test:bull',
      process: async (job) => void processed.push(job.data.n),
      log,
      ...overrides,
    });
    const connection = createRedisClient({ REDIS_URL: redis.url }, 'queue');
    const queue = new Queue<{ n: number }>(name, { connection, prefix: 'test:bull' });
    cleanup.push(
      () => worker.stop(),
      () => queue.close(),
      async () => connection.disconnect(),
    );
    return { worker, queue, processed, log };
  }

  afterEach(async () => {
    for (const step of cleanup.splice(0)) await step();
  });

  it('processes the jobs added to its queue', async () => {
    const { worker, queue, processed } = aWorker({ concurrency: 4 });
    worker.start();
    await Promise.all([1, 2, 3].map((n) => queue.add('work', { n })));
    await waitUntil(() => processed.length === 3, { timeoutMs: 10_000, description: 'three jobs' });
    expect(processed.sort()).toEqual([1, 2, 3]);
  });

  it("logs a failed attempt by its message only, never the job's data, and tells the owner which attempt it was", async () => {
    const failures: Array<{ attemptsMade: number; error: string }> = [];
    const { worker, queue, log } = aWorker({
      process: () => Promise.reject(Object.assign(new Error('refund declined'), { command: { args: ['ana@example.com'] } })),
      onFailed: (job: Job<{ n: number }>, error: Error) => failures.push({ attemptsMade: job.attemptsMade, error: error.message }),
    });
    worker.start();
    await queue.add('work', { n: 7 }, { attempts: 2 });
    await waitUntil(() => failures.length === 2, { timeoutMs: 10_000, description: 'both attempts to fail' });
    expect(failures).toEqual([
      { attemptsMade: 1, error: 'refund declined' },
      { attemptsMade: 2, error: 'refund declined' },
    ]);
    expect(log.lines.map((line) => JSON.parse(line))).toContainEqual({
      queue: expect.any(String),
      err: 'refund declined',
      message: 'job failed',
    });
    expect(log.lines.join('\n')).not.toMatch(/ana@example\.com|"n":7/);
  });

  const clients = async () => ((await redis.client.client('LIST')) as string).trim().split('\n').length;

  it('processes nothing and opens no connection on an instance where it is switched off', async () => {
    const { worker, queue } = aWorker({ enabled: false });
    await queue.waitUntilReady();
    const baseline = await clients();
    worker.start();
    expect(worker.running).toBe(false);
    expect(await clients()).toBe(baseline);
  });

  it('closes its connections on stop, leaving later jobs to the other instances', async () => {
    const { worker, queue, processed } = aWorker();
    await queue.waitUntilReady();
    const baseline = await clients();
    worker.start();
    await queue.add('work', { n: 1 });
    await waitUntil(() => processed.length === 1, { timeoutMs: 10_000, description: 'the first job' });
    await worker.stop();
    await waitUntil(async () => (await clients()) === baseline, { timeoutMs: 5_000, description: 'the connections to close' });
    await queue.add('work', { n: 2 });
    expect(await queue.getWaitingCount()).toBe(1);
    expect(processed).toEqual([1]);
  });
});
