import { Logger } from '@nestjs/common';
import { BackoffStrategy, Job, Worker } from 'bullmq';
import type { RedisClient } from './redis-connections';
import { queueTelemetry } from '@eventflow/tracing';
import { errorMessage } from './error-message';
import { createRedisClient, RedisEndpoint } from './redis-connections';

/** Where a job reports trouble (Nest's Logger fits). */
export interface JobLog {
  warn(context: Record<string, unknown>, message: string): void;
}

export interface JobWorkerOptions<D> {
  queue: string;
  /** Where Redis is (a service passes its env). */
  redis: RedisEndpoint;
  /** BullMQ key prefix, see queuePrefix(). */
  prefix: string;
  process: (job: Job<D>) => Promise<unknown>;
  concurrency?: number;
  /** The wait before a failed job's next attempt, for jobs added with `backoff: {type: <any custom name>}`. */
  backoffStrategy?: BackoffStrategy;
  /** false: this instance processes nothing, and opens no connection. */
  enabled?: boolean;
  /**
   * After every failed attempt, once it is logged; `job.attemptsMade >= job.opts.attempts` tells
   * the last one (where a dead letter belongs).
   */
  onFailed?: (job: Job<D>, error: Error) => void;
  /** What a failed attempt is logged as; default 'job failed'. */
  failureMessage?: string;
  log?: JobLog;
}

/**
 * A BullMQ worker with its own connection (BullMQ's blocking reads need one that retries
 * forever), its errors logged by message only (never a job's data or a command's arguments),
 * and a clean close. Jobs run as long as Redis answers; while it does not, the worker waits.
 */
export class JobWorker<D = unknown> {
  private readonly log: JobLog;
  private connection?: RedisClient;
  private worker?: Worker<D>;

  constructor(private readonly options: JobWorkerOptions<D>) {
    this.log = options.log ?? new Logger(`JobWorker ${options.queue}`);
  }

  get enabled(): boolean {
    return this.options.enabled ?? true;
  }

  get running(): boolean {
    return this.worker !== undefined;
  }

  start(): void {
    if (!this.enabled || this.worker) return;
    const { queue, redis, prefix, process, concurrency = 1, onFailed, backoffStrategy } = this.options;
    const connection = createRedisClient(redis, 'queue');
    this.connection = connection;
    // Connection trouble is reported once more by the worker's own 'error' event.
    connection.on('error', () => undefined);
    this.worker = new Worker<D>(queue, (job) => process(job), {
      connection,
      prefix,
      concurrency,
      ...(backoffStrategy && { settings: { backoffStrategy } }),
      ...queueTelemetry(),
    });
    this.worker.on('error', (error) => this.warn(error, 'worker error'));
    this.worker.on('failed', (job, error) => {
      this.warn(error, this.options.failureMessage ?? 'job failed');
      if (job) onFailed?.(job, error);
    });
  }

  async stop(): Promise<void> {
    await this.worker?.close().catch(() => undefined);
    // BullMQ does not close a connection it was given.
    if (this.connection?.status === 'ready') await this.connection.quit().catch(() => this.connection?.disconnect());
    else this.connection?.disconnect();
    this.worker = undefined;
    this.connection = undefined;
  }

  private warn(error: unknown, message: string): void {
    this.log.warn({ queue: this.options.queue, err: errorMessage(error) }, message);
  }
}
