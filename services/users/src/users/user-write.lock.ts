import { Injectable } from '@nestjs/common';
import { DependencyUnavailableError } from '@eventflow/errors';
import { RedisLock } from '@eventflow/redis';
import { KeyedMutex } from './keyed-mutex';

/** Long enough for one update; renewed while the write runs (a stalled MongoDB may take 10 s). */
const LOCK_TTL_MS = 3_000;
/** Below the RPC deadline (3 s by default), so a caller hears "busy" rather than nothing. */
const WAIT_MS = 2_000;
const lockKey = (userId: string) => `eventflow:users:write-lock:${userId}`;

/**
 * Serializes writes to one user's document across every users instance. FerretDB v1 applies an
 * update as read-modify-write without isolation, so two concurrent updates of one document lose
 * one of them (measured: 100 parallel `$set`s of distinct keys on one document left 5), whichever
 * instance sent them. A Redis lock per user makes them take turns; an in-process queue in front
 * of it keeps one process from contending with itself. MongoDB needs none of it, and is not hurt.
 * When Redis cannot answer, the write fails (the saga retries or compensates) rather than risk
 * losing another instance's.
 */
@Injectable()
export class UserWriteLock {
  private readonly inProcess = new KeyedMutex();

  constructor(private readonly locks: RedisLock) {}

  run<T>(userId: string, write: () => Promise<T>): Promise<T> {
    return this.inProcess.run(userId, () => this.acrossInstances(userId, write));
  }

  private async acrossInstances<T>(userId: string, write: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + WAIT_MS;
    for (let attempt = 1; ; attempt++) {
      const result = await this.locks.withLock(lockKey(userId), LOCK_TTL_MS, write);
      if (result.acquired) return result.value;
      if (Date.now() >= deadline) {
        throw new DependencyUnavailableError('users', "another instance is still writing this fan's data", 1);
      }
      // Another instance holds it for one update: a few milliseconds, with jitter so waiters spread out.
      await new Promise((resolve) => setTimeout(resolve, Math.min(5 * attempt, 50) * (0.5 + Math.random())));
    }
  }
}
