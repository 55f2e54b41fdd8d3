import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type Redis from 'ioredis';
import { errorMessage, REDIS } from '@eventflow/redis';

const KEY = 'eventflow:reservations:active-sagas';
/** Counts every entry ever added: a value lower than one this process saw means Redis lost writes. */
const SEQUENCE = `${KEY}:seq`;
const RETRY_EVERY_MS = 1_000;

/**
 * Which sagas may still need recovery, scored by when their lease runs out. FerretDB only
 * pushes `_id` lookups down to its storage, so a query on `estado` + `lease_until` reads the
 * whole collection; this sorted set lets recovery look only at the few sagas that are due,
 * then read each by `_id`. It is a hint, not the truth: recovery still checks every document.
 * So that nothing falls out of it unnoticed (A2, A4): an entry Redis refused is written again
 * until Redis takes it, and every entry bumps a sequence that tells a flushed or rolled-back
 * Redis (`lostWrites`), after which recovery scans MongoDB at once.
 */
@Injectable()
export class ActiveSagaIndex implements OnModuleDestroy {
  private readonly logger = new Logger(ActiveSagaIndex.name);
  private highestSeen = 0;
  private readonly unwritten = new Map<string, number>();
  private retrying?: NodeJS.Timeout;

  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async track(reservaId: string, until: Date): Promise<void> {
    this.unwritten.delete(reservaId);
    try {
      await this.write(reservaId, until.getTime());
    } catch (error) {
      this.keepForLater(reservaId, until.getTime());
      throw error;
    }
  }

  async forget(reservaId: string): Promise<void> {
    this.unwritten.delete(reservaId);
    await this.redis.zrem(KEY, reservaId);
  }

  due(now: Date, limit: number): Promise<string[]> {
    return this.redis.zrangebyscore(KEY, '-inf', now.getTime(), 'LIMIT', 0, limit);
  }

  /** True once per loss: the sequence is missing or lower than the highest this process wrote. */
  async lostWrites(): Promise<boolean> {
    const current = Number((await this.redis.get(SEQUENCE)) ?? 0);
    const lost = current < this.highestSeen;
    this.highestSeen = current;
    return lost;
  }

  onModuleDestroy(): void {
    if (this.retrying) clearInterval(this.retrying);
  }

  private async write(reservaId: string, score: number): Promise<void> {
    const replies = await this.redis.multi().zadd(KEY, score, reservaId).incr(SEQUENCE).exec();
    const failed = replies?.find(([error]) => error);
    if (!replies || failed) throw failed?.[0] ?? new Error('the active-saga index was not written');
    this.highestSeen = Math.max(this.highestSeen, Number(replies[1][1]));
  }

  private keepForLater(reservaId: string, score: number): void {
    this.unwritten.set(reservaId, score);
    this.retrying ??= setInterval(() => void this.writeUnwritten(), RETRY_EVERY_MS);
    this.retrying.unref();
  }

  private async writeUnwritten(): Promise<void> {
    for (const [reservaId, score] of [...this.unwritten]) {
      try {
        await this.write(reservaId, score);
        this.unwritten.delete(reservaId);
      } catch (error) {
        this.logger.warn({ err: errorMessage(error), pending: this.unwritten.size }, 'the active-saga index is still unreachable');
        return;
      }
    }
    if (this.retrying && this.unwritten.size === 0) {
      clearInterval(this.retrying);
      this.retrying = undefined;
    }
  }
}
