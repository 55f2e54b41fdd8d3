import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { RedisClient } from './redis-connections';
import { REDIS } from './redis.constants';
import { defineScript, RedisScript } from './redis-script';

/** Deletes the lock only while it still holds this owner's token. */
const RELEASE_IF_OWNER = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1`;

/** Extends the lock only while it still holds this owner's token: a lapsed lock is not revived. */
const RENEW_IF_OWNER = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

/** A lock this process holds, as the task running under it sees it. */
export interface HeldLock {
  readonly key: string;
  readonly token: string;
  /** Aborted once a renewal finds the lock lapsed or taken over: whatever the task writes next is no longer exclusive. */
  readonly signal: AbortSignal;
}

export type LockedResult<T> = { acquired: true; value: T } | { acquired: false };

/**
 * The one Redis lock: `SET NX PX` with a random token, and every later step (renew, release)
 * checked against that token in one script. A lock that expired while its owner was slow may
 * already belong to someone else, so an owner never deletes or extends it blindly.
 */
@Injectable()
export class RedisLock {
  private readonly releaseScript: RedisScript<number>;
  private readonly renewScript: RedisScript<number>;

  constructor(@Inject(REDIS) private readonly redis: RedisClient) {
    this.releaseScript = defineScript(redis, { name: 'lock-release', keys: 1, lua: RELEASE_IF_OWNER });
    this.renewScript = defineScript(redis, { name: 'lock-renew', keys: 1, lua: RENEW_IF_OWNER });
  }

  /** The token that now owns the lock (the caller's, or a fresh one), or undefined when someone else holds it. */
  async acquire(key: string, ttlMs: number, token: string = randomUUID()): Promise<string | undefined> {
    return (await this.redis.set(key, token, 'PX', ttlMs, 'NX')) === 'OK' ? token : undefined;
  }

  /** True when the lock was still this token's and now lasts `ttlMs` more. */
  async renew(key: string, token: string, ttlMs: number): Promise<boolean> {
    return (await this.renewScript.run([key], [token, ttlMs])) === 1;
  }

  /** True when the lock was this token's and is gone now; false when it had lapsed or changed hands. */
  async release(key: string, token: string): Promise<boolean> {
    return (await this.releaseScript.run([key], [token])) === 1;
  }

  async isLocked(key: string): Promise<boolean> {
    return (await this.redis.exists(key)) === 1;
  }

  /**
   * Runs a task that may outlast the lock's TTL, renewing the lock every `renewEveryMs`
   * (a third of the TTL by default) until the task settles. It does not release the lock.
   * A renewal that cannot reach Redis is tried again on the next tick; one that finds the lock
   * gone aborts `held.signal`, and renewing stops.
   */
  async keepRenewed<T>(
    key: string,
    token: string,
    ttlMs: number,
    task: (held: HeldLock) => Promise<T>,
    renewEveryMs = Math.max(1, Math.floor(ttlMs / 3)),
  ): Promise<T> {
    const lost = new AbortController();
    let renewal: Promise<void> | undefined;
    const timer = setInterval(() => {
      if (renewal || lost.signal.aborted) return;
      renewal = this.renew(key, token, ttlMs)
        .then(
          (held) => (held ? undefined : lost.abort(new Error(`lock ${key} was lost`))),
          () => undefined,
        )
        .finally(() => (renewal = undefined));
    }, renewEveryMs);
    try {
      return await task({ key, token, signal: lost.signal });
    } finally {
      clearInterval(timer);
      // So that no renewal lands after the caller has released the lock.
      await renewal;
    }
  }

  /** Acquires, runs the task under renewal, and releases (owner-checked) however the task ends. */
  async withLock<T>(key: string, ttlMs: number, task: (held: HeldLock) => Promise<T>): Promise<LockedResult<T>> {
    const token = await this.acquire(key, ttlMs);
    if (token === undefined) return { acquired: false };
    try {
      return { acquired: true, value: await this.keepRenewed(key, token, ttlMs, task) };
    } finally {
      // If Redis cannot be reached now, the lock lapses on its own after its TTL.
      await this.release(key, token).catch(() => undefined);
    }
  }
}
