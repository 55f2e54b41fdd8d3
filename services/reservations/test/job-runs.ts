import Redis from 'ioredis';

/** One completed run of a repeating job, as BullMQ's events stream recorded it. */
export interface JobRun {
  jobId: string;
  /** The scheduler's tick this run belongs to (BullMQ names a scheduled job `repeat:<scheduler>:<tick>`). */
  tick: number;
  returnvalue: string;
}

/**
 * The completed runs of one queue, read from BullMQ's events stream: every instance's worker
 * writes there, so it shows the runs of the whole deployment, not of one process.
 */
export async function completedRuns(redisUrl: string, prefix: string, queue: string): Promise<JobRun[]> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const entries = await redis.xrange(`${prefix}:${queue}:events`, '-', '+');
    const runs: JobRun[] = [];
    for (const [, fields] of entries) {
      const event: Record<string, string> = {};
      for (let i = 0; i + 1 < fields.length; i += 2) event[fields[i]] = fields[i + 1];
      if (event.event !== 'completed') continue;
      const tick = Number(/:(\d+)$/.exec(event.jobId ?? '')?.[1]);
      runs.push({ jobId: event.jobId, tick, returnvalue: event.returnvalue });
    }
    return runs;
  } finally {
    redis.disconnect();
  }
}

/** The scheduler ids the runs came from (one per repeating job, whatever the number of instances). */
export const schedulersOf = (runs: JobRun[]) => [...new Set(runs.map((run) => run.jobId.replace(/:\d+$/, '')))];

/** The smallest gap between two consecutive ticks that ran: below the interval, some tick ran twice. */
export function smallestGap(runs: JobRun[]): number {
  const ticks = [...new Set(runs.map((run) => run.tick))].sort((a, b) => a - b);
  let smallest = Infinity;
  for (let i = 1; i < ticks.length; i++) smallest = Math.min(smallest, ticks[i] - ticks[i - 1]);
  return smallest;
}
