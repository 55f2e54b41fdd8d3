import { Inject, Injectable } from '@nestjs/common';
import type { RedisClient } from '@eventflow/redis';
import { REDIS } from '@eventflow/redis';

const STATS_KEY = 'eventflow:events:reconcile:stats';

export interface ReconciliationTotals {
  runs: number;
  repairs: number;
  lastRun: string | null;
  eventRepairs: number;
}

/** The reconciliation job's counts, kept in Redis so that every instance of the service reports the same. */
@Injectable()
export class ReconciliationStats {
  constructor(@Inject(REDIS) private readonly redis: RedisClient) {}

  /** Counts one run's repairs, in total and per event. */
  async record(repairsByEvent: Map<string, number>): Promise<void> {
    const pipeline = this.redis.pipeline();
    let total = 0;
    for (const [eventoId, repairs] of repairsByEvent) {
      total += repairs;
      pipeline.hincrby(STATS_KEY, `event:${eventoId}`, repairs);
    }
    pipeline.hincrby(STATS_KEY, 'runs', 1);
    pipeline.hincrby(STATS_KEY, 'repairs', total);
    pipeline.hset(STATS_KEY, 'last_run', new Date().toISOString());
    await pipeline.exec();
  }

  async totals(eventoId?: string): Promise<ReconciliationTotals> {
    const [runs, repairs, lastRun, eventRepairs] = await this.redis.hmget(
      STATS_KEY,
      'runs',
      'repairs',
      'last_run',
      `event:${eventoId ?? ''}`,
    );
    return { runs: Number(runs ?? 0), repairs: Number(repairs ?? 0), lastRun, eventRepairs: Number(eventRepairs ?? 0) };
  }
}
