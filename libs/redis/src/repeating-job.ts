import { Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Registry } from 'prom-client';
import { queueTelemetry } from '@eventflow/tracing';
import { errorMessage } from './error-message';
import { JobLog, JobWorker } from './job-worker';
import { QueueMetrics } from './queue.metrics';
import { createRedisClient, RedisClient, RedisEndpoint } from './redis-connections';

export interface RepeatingJobOptions {
  /** The job scheduler's id: one schedule per id, shared by every instance on the same prefix. */
  scheduler: string;
  queue: string;
  /** The name each run's job gets. */
  jobName: string;
  /** Where Redis is (a service passes its env). */
  redis: RedisEndpoint;
  /** BullMQ key prefix, see queuePrefix(). */
  prefix: string;
  everyMs: number;
  /** One run; a failure is logged and the next interval runs again. */
  run: () => Promise<unknown>;
  /** false: this instance neither schedules nor runs the job, and opens no connection. */
  enabled?: boolean;
  /** How often the schedule is asserted again; default every run, but at most every 5 s. */
  reassertEveryMs?: number;
  /** How long start() waits for the first assertion before leaving it to the re-assertions; default 2 s. */
  startupWaitMs?: number;
  /** As BullMQ's job options: true removes a finished run at once, a number keeps that many. Default true. */
  removeOnComplete?: boolean | number;
  removeOnFail?: boolean | number;
  log?: JobLog;
  /** Where its queue depth and the presence of its scheduler are exposed. */
  metrics?: Registry;
}

/** Resolves with the promise's value, or with undefined once `ms` passed first. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The one way to run a repeating BullMQ job: one run per interval across every instance.
 * It owns its two connections (its queue's, and its JobWorker's), and it upserts the job
 * scheduler at start and again every `reassertEveryMs`, because a Redis flush or restart
 * erases the scheduler and nothing else would ever recreate it. A Redis that is down at start
 * does not hold up the service: the upsert waits for it in the background and is asserted
 * again on every tick. Errors are logged as their message only.
 */
export class RepeatingJob {
  private readonly log: JobLog;
  private connection?: RedisClient;
  private queue?: Queue;
  private worker?: JobWorker;
  private timer?: NodeJS.Timeout;
  private asserting?: Promise<boolean>;
  private stopping = false;

  constructor(private readonly options: RepeatingJobOptions) {
    this.log = options.log ?? new Logger(`RepeatingJob ${options.scheduler}`);
    if (options.metrics && this.enabled) {
      const metrics = QueueMetrics.of(options.metrics);
      metrics.watchQueue(options.queue, () => this.queue);
      metrics.watchScheduler({ scheduler: options.scheduler, isScheduled: () => this.isScheduled() });
    }
  }

  get enabled(): boolean {
    return this.options.enabled ?? true;
  }

  async start(): Promise<void> {
    if (!this.enabled || this.queue) return;
    this.stopping = false;
    const { queue, prefix, redis, run } = this.options;
    const connection = createRedisClient(redis, 'queue');
    this.connection = connection;
    // Connection trouble is reported once more by the queue's own 'error' event.
    connection.on('error', () => undefined);
    this.queue = new Queue(queue, { connection, prefix, ...queueTelemetry() });
    this.queue.on('error', (error) => this.warn(error, 'queue error'));
    this.worker = new JobWorker({
      queue,
      redis,
      prefix,
      process: run,
      failureMessage: 'run failed; it runs again next interval',
      log: this.log,
    });
    this.worker.start();
    this.timer = setInterval(() => void this.assertSchedule(), this.options.reassertEveryMs ?? Math.max(this.options.everyMs, 5_000));
    this.timer.unref();
    const scheduled = await within(this.assertSchedule(), this.options.startupWaitMs ?? 2_000);
    if (scheduled === undefined) this.log.warn({ queue }, 'Redis is not answering; the job is scheduled once it is back');
  }

  /**
   * Whether the job scheduler exists in Redis (metrics watch for it); undefined when this
   * instance does not run the job, or Redis does not answer within `timeoutMs`.
   */
  async isScheduled(timeoutMs = 1_000): Promise<boolean | undefined> {
    if (!this.queue) return undefined;
    const found = this.queue.getJobScheduler(this.options.scheduler).then((scheduler) => scheduler !== undefined);
    return within(found, timeoutMs);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.worker?.stop();
    await this.queue?.close().catch(() => undefined);
    // BullMQ does not close a connection it was given.
    if (this.connection?.status === 'ready') await this.connection.quit().catch(() => this.connection?.disconnect());
    else this.connection?.disconnect();
    this.connection = undefined;
    this.worker = undefined;
    this.queue = undefined;
  }

  /** Never throws; while one assertion waits for Redis, the ticks do not pile up more. */
  private assertSchedule(): Promise<boolean> {
    this.asserting ??= this.upsertScheduler().finally(() => (this.asserting = undefined));
    return this.asserting;
  }

  private async upsertScheduler(): Promise<boolean> {
    const { scheduler, everyMs, jobName, removeOnComplete = true, removeOnFail = true } = this.options;
    try {
      await this.queue?.upsertJobScheduler(scheduler, { every: everyMs }, { name: jobName, opts: { removeOnComplete, removeOnFail } });
      return true;
    } catch (error) {
      if (!this.stopping) this.warn(error, 'could not schedule the job; retrying later');
      return false;
    }
  }

  private warn(error: unknown, message: string): void {
    this.log.warn({ queue: this.options.queue, err: errorMessage(error) }, message);
  }
}
