import { defineScript, RedisClient, RedisScript } from '@eventflow/redis';

/** Addresses remembered as over the limit in this process; a flood of addresses only costs memory up to this. */
const MAX_BLOCKED = 10_000;

export interface AddressRate {
  /** Redis key prefix, one per kind of attempt. */
  keyPrefix: string;
  limit: number;
  windowMs: number;
}

/**
 * Counts attempts per client address in Redis, shared by every instance of every service, in a
 * fixed window (`limit` per `windowMs`). An address over the limit is also remembered in process,
 * so refusing it is free, and each other instance learns it from its own first attempt. When Redis
 * cannot answer, attempts go on unlimited rather than refusing everyone.
 */
export class AddressRateLimiter {
  private readonly blockedUntil = new Map<string, number>();
  private readonly count: RedisScript<[number, number]>;

  constructor(
    redis: RedisClient,
    private readonly rate: AddressRate,
  ) {
    // One round trip per attempt: the count, the window's start, and the time left in it.
    this.count = defineScript(redis, {
      name: 'rate-count',
      keys: 1,
      lua: `local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}`,
    });
  }

  /** Seconds until this address may try again, when it is known to be over the limit. */
  retryAfter(address: string): number | undefined {
    const until = this.blockedUntil.get(address);
    if (until === undefined) return undefined;
    const remaining = until - Date.now();
    if (remaining > 0) return Math.ceil(remaining / 1000);
    this.blockedUntil.delete(address);
    return undefined;
  }

  /** Counts one attempt; answers the seconds to wait when this one went over the limit. */
  async record(address: string): Promise<number | undefined> {
    const key = this.rate.keyPrefix + address;
    let attempts: number;
    let ttlMs: number;
    try {
      [attempts, ttlMs] = await this.count.run([key], [this.rate.windowMs]);
    } catch {
      return undefined;
    }
    if (!(attempts > this.rate.limit)) return undefined;
    const until = Date.now() + (ttlMs > 0 ? ttlMs : this.rate.windowMs);
    if (this.blockedUntil.size >= MAX_BLOCKED) this.forgetExpired();
    if (this.blockedUntil.size < MAX_BLOCKED) this.blockedUntil.set(address, until);
    return Math.ceil((until - Date.now()) / 1000);
  }

  private forgetExpired(): void {
    const now = Date.now();
    for (const [address, until] of this.blockedUntil) if (until <= now) this.blockedUntil.delete(address);
  }
}
