import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { REDIS } from '@eventflow/redis';

const KEY = 'eventflow:reservations:active-sagas';

/**
 * Which sagas may still need recovery, scored by when their lease runs out. FerretDB only
 * pushes `_id` lookups down to its storage, so a query on `estado` + `lease_until` reads the
 * whole collection; this sorted set lets recovery look only at the few sagas that are due,
 * then read each by `_id`. It is a hint, not the truth: recovery still checks every document,
 * and a periodic full scan of MongoDB catches anything the index lost (Redis flushed).
 */
@Injectable()
export class ActiveSagaIndex {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async track(reservaId: string, until: Date): Promise<void> {
    await this.redis.zadd(KEY, until.getTime(), reservaId);
  }

  async forget(reservaId: string): Promise<void> {
    await this.redis.zrem(KEY, reservaId);
  }

  due(now: Date, limit: number): Promise<string[]> {
    return this.redis.zrangebyscore(KEY, '-inf', now.getTime(), 'LIMIT', 0, limit);
  }
}
