import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { RedisClient } from '@eventflow/redis';
import { defineScript, errorMessage, REDIS, RedisScript } from '@eventflow/redis';
import { Lease } from '../domain/lease';
import { ReservationOwner, ReservationWatch } from '../ports/reservation-watch.port';

/** One hash tag: every script below touches keys of one cluster slot. */
const TAG = 'eventflow:reservations:{sagas}';
export const SAGA_INDEX_KEYS = [`${TAG}:active`, `${TAG}:seq`, `${TAG}:owners`];
const KEYS = SAGA_INDEX_KEYS;
const RETRY_EVERY_MS = 1_000;

/**
 * ARGV: reserva_id, score, owner ('' to keep it), and optionally the run's lock token and TTL
 * (KEYS[4], taken with SET NX) → {sequence number after this entry, 1 when the lock was taken}.
 */
const TRACK = `
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
if ARGV[3] ~= '' then redis.call('HSET', KEYS[3], ARGV[1], ARGV[3]) end
local locked = 0
if ARGV[4] then locked = redis.call('SET', KEYS[4], ARGV[4], 'PX', ARGV[5], 'NX') and 1 or 0 end
return {redis.call('INCR', KEYS[2]), locked}`;

/** ARGV: reserva_id, and optionally a lock token: the run's lock (KEYS[4]) goes too if it is still that token's. */
const FORGET = `
redis.call('ZREM', KEYS[1], ARGV[1])
if ARGV[2] and redis.call('GET', KEYS[4]) == ARGV[2] then redis.call('DEL', KEYS[4]) end
return redis.call('HDEL', KEYS[3], ARGV[1])`;

/** A saga run's lock lives in the index's slot, so the chain takes it in the same command as the entry. */
export const sagaLockKey = (reservaId: string) => `${TAG}:lock:${reservaId}`;

/**
 * Which reservations may still need recovery, scored by when their lease runs out. FerretDB only
 * pushes `_id` lookups down to its storage, so a query on `estado` + `lease_until` reads the
 * whole collection; this sorted set lets recovery look only at the few sagas that are due,
 * then read each by `_id`. It is a hint, not the truth: recovery still checks every document.
 * So that nothing falls out of it unnoticed (A2, A4): an entry Redis refused is written again
 * until Redis takes it, and every entry bumps a sequence that tells a flushed or rolled-back
 * Redis (`lostWrites`), after which recovery scans MongoDB at once.
 */
@Injectable()
export class ActiveSagaIndex extends ReservationWatch implements OnModuleDestroy {
  private readonly logger = new Logger(ActiveSagaIndex.name);
  private readonly trackScript: RedisScript<[number, number]>;
  private readonly forgetScript: RedisScript<number>;
  private highestSeen = 0;
  private readonly unwritten = new Map<string, { score: number; owner: string }>();
  private retrying?: NodeJS.Timeout;

  constructor(@Inject(REDIS) private readonly redis: RedisClient) {
    super();
    this.trackScript = defineScript(redis, { name: 'sagas-track', keys: 4, lua: TRACK });
    this.forgetScript = defineScript(redis, { name: 'sagas-forget', keys: 4, lua: FORGET });
  }

  /** Watched before its purchase-limit hold, taking the run's lock in the same command; false when the lock was taken. */
  async watch(reservaId: string, until: Date, owner: ReservationOwner, lease: Lease): Promise<boolean> {
    const entry = { score: until.getTime(), owner: `${owner.usuarioId}:${owner.eventoId}` };
    try {
      return await this.write(reservaId, entry, lease);
    } catch (error) {
      this.keepForLater(reservaId, entry);
      throw error;
    }
  }

  async track(reservaId: string, until: Date, owner?: ReservationOwner): Promise<void> {
    const entry = { score: until.getTime(), owner: owner ? `${owner.usuarioId}:${owner.eventoId}` : '' };
    this.unwritten.delete(reservaId);
    try {
      await this.write(reservaId, entry);
    } catch (error) {
      this.keepForLater(reservaId, entry);
      throw error;
    }
  }

  /** Drops the entry, and the run's lock too when `lease` still holds it (a reservation the chain refused). */
  async forget(reservaId: string, lease?: Lease): Promise<void> {
    this.unwritten.delete(reservaId);
    await this.forgetScript.run([...KEYS, sagaLockKey(reservaId)], lease ? [reservaId, lease.owner] : [reservaId]);
  }

  due(now: Date, limit: number): Promise<string[]> {
    return this.redis.zrangebyscore(KEYS[0], '-inf', now.getTime(), 'LIMIT', 0, limit);
  }

  /** Who a watched reservation is for (undefined when it was watched without, or the entry is gone). */
  async ownerOf(reservaId: string): Promise<ReservationOwner | undefined> {
    const owner = await this.redis.hget(KEYS[2], reservaId);
    if (!owner) return undefined;
    const [usuarioId, eventoId] = owner.split(':');
    return { usuarioId, eventoId };
  }

  /** True once per loss: the sequence is missing or lower than the highest this process wrote. */
  async lostWrites(): Promise<boolean> {
    const current = Number((await this.redis.get(KEYS[1])) ?? 0);
    const lost = current < this.highestSeen;
    this.highestSeen = current;
    return lost;
  }

  onModuleDestroy(): void {
    if (this.retrying) clearInterval(this.retrying);
  }

  private async write(reservaId: string, entry: { score: number; owner: string }, lease?: Lease): Promise<boolean> {
    const lock = lease ? [lease.owner, lease.ms] : [];
    const [sequence, locked] = await this.trackScript.run(
      [...KEYS, sagaLockKey(reservaId)],
      [reservaId, entry.score, entry.owner, ...lock],
    );
    this.highestSeen = Math.max(this.highestSeen, Number(sequence));
    return locked === 1;
  }

  private keepForLater(reservaId: string, entry: { score: number; owner: string }): void {
    this.unwritten.set(reservaId, entry);
    this.retrying ??= setInterval(() => void this.writeUnwritten(), RETRY_EVERY_MS);
    this.retrying.unref();
  }

  private async writeUnwritten(): Promise<void> {
    for (const [reservaId, entry] of [...this.unwritten]) {
      try {
        await this.write(reservaId, entry);
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
