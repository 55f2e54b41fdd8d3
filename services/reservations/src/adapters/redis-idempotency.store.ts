import { Inject, Injectable } from '@nestjs/common';
import type { RedisClient } from '@eventflow/redis';
import { REDIS } from '@eventflow/redis';
import { ReservationsEnv } from '../config/reservations.env';
import { IdempotencyClaim, IdempotencyRecord, IdempotencyRecords } from '../ports/idempotency.port';

const KEY_PREFIX = 'eventflow:reservations:idem:';

/** Idempotency-Key records in Redis: SET NX PX decides which request runs; a final answer is kept for the TTL. */
@Injectable()
export class RedisIdempotencyStore extends IdempotencyRecords {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    private readonly env: ReservationsEnv,
  ) {
    super();
  }

  async claim(keyHash: string, record: IdempotencyRecord, leaseMs: number): Promise<IdempotencyClaim> {
    // One command (Redis ≥ 7): set only if absent, and answer what was there: either the claim is ours, or we see what holds the key.
    const previous = await this.redis.set(KEY_PREFIX + keyHash, JSON.stringify(record), 'PX', leaseMs, 'NX', 'GET');
    return previous === null ? { kind: 'new' } : { kind: 'seen', record: JSON.parse(previous) as IdempotencyRecord };
  }

  async renew(keyHash: string, leaseMs: number): Promise<void> {
    await this.redis.pexpire(KEY_PREFIX + keyHash, leaseMs);
  }

  async bind(keyHash: string, record: IdempotencyRecord, leaseMs: number): Promise<void> {
    await this.redis.set(KEY_PREFIX + keyHash, JSON.stringify(record), 'PX', leaseMs);
  }

  async finish(keyHash: string, record: IdempotencyRecord): Promise<void> {
    await this.redis.set(KEY_PREFIX + keyHash, JSON.stringify(record), 'EX', this.env.IDEMPOTENCY_TTL_SECONDS);
  }

  async forget(keyHash: string): Promise<void> {
    await this.redis.del(KEY_PREFIX + keyHash);
  }
}
