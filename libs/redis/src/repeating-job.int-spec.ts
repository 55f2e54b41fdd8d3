import { randomUUID } from 'node:crypto';
import { RunningStore, startRedis, useRealRedis, waitUntil } from '@eventflow/testing';
import { RecordingJobLog } from './job-log.fakes';
import { RepeatingJob, RepeatingJobOptions } from './repeating-job';

describe(RepeatingJob.name, () => {
  const redis = useRealRedis();
  const running: RepeatingJob[] = [];

  function aJob(overrides: Partial<RepeatingJobOptions> = {}) {
    const runs = { count: 0 };
    const log = new RecordingJobLog();
    const name = `test-${randomUUID()}`;
    const job = new RepeatingJob({
      scheduler: name,
      queue: name,
      jobName: 'tick',
      redis: { REDIS_URL: redis.url },
      prefix: 'test:bull',
      everyMs: 100,
      reassertEveryMs: 100,
      run: async () => void runs.count++,
      log,
      ...overrides,
    });
    running.push(job);
    return { job, runs, log, name };
  }

  afterEach(async () => {
    await Promise.all(running.splice(0).map((job) => job.stop()));
  });

  it('runs the job every interval once started', async () => {
    const { job, runs } = aJob();
    await job.start();
    expect(await job.isScheduled()).toBe(true);
    await waitUntil(() => runs.count >= 3, { timeoutMs: 10_000, description: 'three runs' });
  });

  it('asserts its scheduler again after a FLUSHALL erased it, and keeps running', async () => {
    const { job, runs } = aJob();
    await job.start();
    await waitUntil(() => runs.count >= 1, { timeoutMs: 10_000, description: 'a first run' });
    await redis.client.flushall();
    await waitUntil(() => job.isScheduled(), { timeoutMs: 10_000, description: 'the scheduler to be back' });
    const before = runs.count;
    await waitUntil(() => runs.count >= before + 2, { timeoutMs: 10_000, description: 'runs after the flush' });
  });

  it('starts while Redis is down, and schedules and runs the job once Redis is back', async () => {
    let server: RunningStore | undefined;
    try {
      server = await startRedis();
      await server.stop();
      const { job, runs, log } = aJob({ redis: { REDIS_URL: server.url }, startupWaitMs: 200 });
      const started = Date.now();
      await job.start();
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(log.lines.join('\n')).toContain('Redis is not answering');
      await server.start();
      await waitUntil(() => runs.count >= 1, { timeoutMs: 20_000, description: 'a run once Redis is back' });
      expect(await job.isScheduled()).toBe(true);
    } finally {
      await Promise.all(running.splice(0).map((job) => job.stop()));
      await server?.destroy();
    }
  });

  it('stops promptly while Redis is down', async () => {
    let server: RunningStore | undefined;
    try {
      server = await startRedis();
      await server.stop();
      const { job } = aJob({ redis: { REDIS_URL: server.url }, startupWaitMs: 100 });
      await job.start();
      const stopping = Date.now();
      await job.stop();
      expect(Date.now() - stopping).toBeLessThan(2_000);
    } finally {
      await server?.destroy();
    }
  });

  it('logs a failed run by its message only, never the arguments an ioredis error carries', async () => {
    const failure = Object.assign(new Error('OOM command not allowed'), {
      command: { name: 'eval', args: ['{"email":"ana@example.com"}'] },
    });
    const { job, log } = aJob({ run: () => Promise.reject(failure) });
    await job.start();
    const line = await waitUntil(() => log.lines.find((l) => l.includes('run failed')), { timeoutMs: 10_000, description: 'a failure' });
    expect(JSON.parse(line)).toEqual({
      queue: expect.stringMatching(/^test-/),
      err: 'OOM command not allowed',
      message: 'run failed; it runs again next interval',
    });
    expect(log.lines.join('\n')).not.toContain('ana@example.com');
  });

  const clients = async () => ((await redis.client.client('LIST')) as string).trim().split('\n').length;

  it('opens nothing and schedules nothing on an instance where it is switched off', async () => {
    const baseline = await clients();
    const { job, name } = aJob({ enabled: false });
    await job.start();
    expect(await job.isScheduled()).toBeUndefined();
    expect(await redis.client.keys(`test:bull:${name}:*`)).toEqual([]);
    expect(await clients()).toBe(baseline);
  });

  it('closes its connections on stop, and leaves the schedule to the other instances', async () => {
    const baseline = await clients();
    const { job, runs, name } = aJob();
    await job.start();
    await waitUntil(() => runs.count >= 1, { timeoutMs: 10_000, description: 'a first run' });
    expect(await clients()).toBeGreaterThan(baseline);
    await job.stop();
    await waitUntil(async () => (await clients()) === baseline, { timeoutMs: 5_000, description: 'the connections to close' });
    expect(await job.isScheduled()).toBeUndefined();
    expect(await redis.client.exists(`test:bull:${name}:repeat:${name}`)).toBe(1);
  });
});
