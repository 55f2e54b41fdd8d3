import { HeldLock, RedisLock } from './redis-lock';

export interface RebuildOnceOptions {
  /** The rebuild lock's TTL; it is renewed while the rebuild runs, so a slow rebuild keeps it. */
  lockTtlMs: number;
  /** How long a caller that lost the race waits for the winner before answering "try again". */
  waitMs: number;
  pollMs?: number;
}

/**
 * - `rebuilt`: this caller held the lock and ran the rebuild (`value` is what it returned);
 * - `waited`: another caller's rebuild finished while this one waited;
 * - `try-again`: none finished within `waitMs`; callers answer 503 with Retry-After.
 */
export type RebuildResult<T> = { outcome: 'rebuilt'; value: T } | { outcome: 'waited' } | { outcome: 'try-again' };

/**
 * Rebuilding state that Redis lost (a restart, a flush) is expensive, so of all the callers that
 * notice at once exactly one rebuilds, under a Redis lock, and the others poll until it is done.
 * Whether it is done is `finished()`: by default, the lock is gone (the rebuild ended, however it
 * ended, and the caller should simply try its operation again).
 */
export class RebuildOnce {
  constructor(
    private readonly lock: RedisLock,
    private readonly options: RebuildOnceOptions,
  ) {}

  async run<T>(
    lockKey: string,
    rebuild: (held: HeldLock) => Promise<T>,
    finished: () => Promise<boolean> = async () => !(await this.lock.isLocked(lockKey)),
  ): Promise<RebuildResult<T>> {
    const locked = await this.lock.withLock(lockKey, this.options.lockTtlMs, rebuild);
    if (locked.acquired) return { outcome: 'rebuilt', value: locked.value };
    return (await this.waitFor(finished)) ? { outcome: 'waited' } : { outcome: 'try-again' };
  }

  private async waitFor(finished: () => Promise<boolean>): Promise<boolean> {
    const deadline = Date.now() + this.options.waitMs;
    while (Date.now() < deadline) {
      if (await finished()) return true;
      await new Promise((resolve) => setTimeout(resolve, this.options.pollMs ?? 20));
    }
    return false;
  }
}
