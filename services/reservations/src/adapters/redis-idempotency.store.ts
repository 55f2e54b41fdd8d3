import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { REDIS } from '@eventflow/redis';
import { ReservationsEnv } from '../config/reservations.env';
import { IdempotencyClaim, IdempotencyRecord, IdempotencyRecords } from '../ports/idempotency.port';

const KEY_PREFIX = 'eventflow:reservations:idem:';

/** Idempotency-Key records in Redis: SET NX decides which request is first. */
@Injectable()
export class RedisIdempotencyStore extends IdempotencyRecords {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly env: ReservationsEnv,
  ) {
    super();
  }

  async claim(principal: string, key: string, bodyHash: string): Promise<IdempotencyClaim> {
    const redisKey = this.key(principal, key);
    const record: IdempotencyRecord = { bodyHash };
    const created = await this.redis.set(redisKey, JSON.stringify(record), 'EX', this.env.IDEMPOTENCY_TTL_SECONDS, 'NX');
    if (created === 'OK') return { kind: 'new' };
    const raw = await this.redis.get(redisKey);
    if (raw === null) return this.claim(principal, key, bodyHash);
    const existing = JSON.parse(raw) as IdempotencyRecord;
    return existing.bodyHash === bodyHash ? { kind: 'seen', record: existing } : { kind: 'conflict' };
  }

  async save(principal: string, key: string, record: IdempotencyRecord): Promise<void> {
    await this.redis.set(this.key(principal, key), JSON.stringify(record), 'EX', this.env.IDEMPOTENCY_TTL_SECONDS, 'XX');
  }

  async forget(principal: string, key: string): Promise<void> {
    await this.redis.del(this.key(principal, key));
  }

  private key(principal: string, key: string): string {
    return KEY_PREFIX + createHash('sha256').update(`${principal}\u0000${key}`).digest('base64url');
  }
}
