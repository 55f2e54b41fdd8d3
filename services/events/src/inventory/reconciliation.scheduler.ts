import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import type Redis from 'ioredis';
import { createQueueConnection, queuePrefix } from '@eventflow/redis';
import { EventsEnv } from '../config/events.env';
import { ReconcileInventoryJob } from './reconcile-inventory.job';

const QUEUE = 'inventory-reconciliation';
const SCHEDULER_ID = 'reconcile-inventory';

/**
 * Runs ReconcileInventoryJob as a BullMQ repeatable job: one run per interval across all
 * instances of the service. The schedule is re-asserted periodically, because a Redis flush
 * or restart would otherwise silently drop it.
 */
@Injectable()
export class ReconciliationScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReconciliationScheduler.name);
  private connections: Redis[] = [];
  private queue?: Queue;
  private worker?: Worker;
  private keepAlive?: NodeJS.Timeout;

  constructor(
    private readonly env: EventsEnv,
    private readonly job: ReconcileInventoryJob,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const queueConnection = createQueueConnection(this.env.REDIS_URL);
    const workerConnection = createQueueConnection(this.env.REDIS_URL);
    this.connections = [queueConnection, workerConnection];
    for (const connection of this.connections) connection.on('error', () => undefined);
    const prefix = queuePrefix('events');
    this.queue = new Queue(QUEUE, { connection: queueConnection, prefix });
    this.queue.on('error', (error) => this.logger.warn({ err: error }, 'reconciliation queue error'));
    this.worker = new Worker(QUEUE, () => this.job.run(), { connection: workerConnection, prefix, concurrency: 1 });
    this.worker.on('error', (error) => this.logger.warn({ err: error }, 'reconciliation worker error'));
    this.worker.on('failed', (_job, error) =>
      this.logger.warn({ err: error }, 'inventory reconciliation failed; it runs again next interval'),
    );
    await this.schedule();
    this.keepAlive = setInterval(() => void this.schedule(), Math.max(this.env.RECONCILE_INTERVAL_MS, 5_000));
    this.keepAlive.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.keepAlive) clearInterval(this.keepAlive);
    await this.worker?.close().catch(() => undefined);
    await this.queue?.close().catch(() => undefined);
    await Promise.all(this.connections.map((connection) => connection.quit().catch(() => connection.disconnect())));
  }

  private async schedule(): Promise<void> {
    try {
      await this.queue?.upsertJobScheduler(
        SCHEDULER_ID,
        { every: this.env.RECONCILE_INTERVAL_MS },
        { name: 'reconcile', opts: { removeOnComplete: 10, removeOnFail: 50 } },
      );
    } catch (error) {
      this.logger.warn({ err: error }, 'could not schedule inventory reconciliation; retrying later');
    }
  }
}
