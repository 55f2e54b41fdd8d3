import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { ServiceEnv } from '@eventflow/config';
import { REDIS } from '@eventflow/redis';

const KEY_PREFIX = 'eventflow:auth:failures:';
/** Addresses remembered as over the limit in this process; a flood of addresses only costs memory up to this. */
const MAX_BLOCKED = 10_000;

/**
 * Counts failed authentications per client address in Redis, shared by every instance of every
 * service, in a fixed window (AUTH_FAILURE_LIMIT per AUTH_FAILURE_WINDOW_MS). Successful requests
 * never touch Redis: an address over the limit is also remembered here, so refusing it is free,
 * and each other instance learns it from its own first failed attempt. When Redis cannot answer,
 * authentication goes on unlimited rather than refusing everyone.
 */
@Injectable()
export class FailedAuthenticationLimiter {
  private readonly blockedUntil = new Map<string, number>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly env: ServiceEnv,
  ) {}

  /** Seconds until this address may try again, when it is known to be over the limit. */
  retryAfter(address: string): number | undefined {
    const until = this.blockedUntil.get(address);
    if (until === undefined) return undefined;
    const remaining = until - Date.now();
    if (remaining > 0) return Math.ceil(remaining / 1000);
    this.blockedUntil.delete(address);
    return undefined;
  }

  /** Counts one failure; answers the seconds to wait when this one went over the limit. */
  async recordFailure(address: string): Promise<number | undefined> {
    const key = KEY_PREFIX + address;
    let failures: number;
    let ttlMs: number;
    try {
      const replies = await this.redis.multi().incr(key).pexpire(key, this.env.AUTH_FAILURE_WINDOW_MS, 'NX').pttl(key).exec();
      failures = Number(replies?.[0]?.[1]);
      ttlMs = Number(replies?.[2]?.[1]);
    } catch {
      return undefined;
    }
    if (!(failures > this.env.AUTH_FAILURE_LIMIT)) return undefined;
    const until = Date.now() + (ttlMs > 0 ? ttlMs : this.env.AUTH_FAILURE_WINDOW_MS);
    if (this.blockedUntil.size >= MAX_BLOCKED) this.forgetExpired();
    if (this.blockedUntil.size < MAX_BLOCKED) this.blockedUntil.set(address, until);
    return Math.ceil((until - Date.now()) / 1000);
  }

  private forgetExpired(): void {
    const now = Date.now();
    for (const [address, until] of this.blockedUntil) if (until <= now) this.blockedUntil.delete(address);
  }
}
