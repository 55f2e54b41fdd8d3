import { Inject, Injectable } from '@nestjs/common';
import type { RedisClient } from '@eventflow/redis';
import { DependencyUnavailableError } from '@eventflow/errors';
import {
  defineScript,
  deleteMatching,
  REDIS,
  RebuildOnce,
  RedisLock,
  RedisRestartGuard,
  RedisScript,
  RestartVerificationPending,
} from '@eventflow/redis';
import { HeldTicketsSource, LimitHold, LimitHoldResult, PurchaseLimitStore } from '../ports/purchase-limit.port';

const KEY_PREFIX = 'eventflow:reservations:{limit:';

/**
 * The hold script reads a fan's counter and the event's marker together, so both carry the event
 * in their hash tag (`{limit:<evento_id>}`: one cluster slot per event, and not the inventory's
 * `{<evento_id>}` slot, so an on-sale's two hot spots land on different masters).
 */
export const purchaseLimitKeys = {
  counter: (eventoId: string, usuarioId: string) => `${KEY_PREFIX}${eventoId}}:${usuarioId}`,
  marker: (eventoId: string) => `${KEY_PREFIX}${eventoId}}:intact`,
};
const KEEP_AFTER_EVENT_MS = 7 * 24 * 3600 * 1000;
const REBUILD_LOCK_MS = 10_000;
const REBUILD_WAIT_MS = 5_000;

/**
 * KEYS[1] the fan's counter for the event (hash: reserva_id → cantidad, plus `_total`);
 * KEYS[2] the event's marker, present while Redis holds every counter of the event.
 * ARGV: reserva_id, cantidad, max, expire-at ms.
 * A missing counter is a new fan when the marker is there; without the marker Redis may have
 * lost data, so the script answers {-1, 0} and the caller rebuilds the event from MongoDB.
 * Returns {1, total} when held (or already held), {0, total} over the limit.
 */
const HOLD = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  if redis.call('EXISTS', KEYS[2]) == 0 then return {-1, 0} end
  redis.call('HSET', KEYS[1], '_total', 0)
  redis.call('PEXPIREAT', KEYS[1], ARGV[4])
end
local total = tonumber(redis.call('HGET', KEYS[1], '_total') or '0')
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return {1, total} end
local wanted = tonumber(ARGV[2])
if total + wanted > tonumber(ARGV[3]) then return {0, total} end
redis.call('HSET', KEYS[1], ARGV[1], wanted)
return {1, redis.call('HINCRBY', KEYS[1], '_total', wanted)}`;

/** Seeds one fan's counter from MongoDB unless it exists. ARGV: expire-at ms, then reserva_id/cantidad pairs. */
const SEED = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local total = 0
for i = 2, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  total = total + tonumber(ARGV[i + 1])
end
redis.call('HSET', KEYS[1], '_total', total)
redis.call('PEXPIREAT', KEYS[1], ARGV[1])
return 1`;

const RELEASE = `
local held = redis.call('HGET', KEYS[1], ARGV[1])
if not held then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HINCRBY', KEYS[1], '_total', -tonumber(held))
return 1`;

/**
 * The purchase limit as Redis Lua counters: atomic, so one fan's concurrent requests cannot
 * pass it together. MongoDB stays the truth: when Redis has lost an event's counters (its
 * marker is gone), one instance rebuilds them all from the reservations that still hold
 * tickets — one MongoDB query per event, not one per fan, but on FerretDB's SQLite backend a
 * read of every reservation (1.3 s at 4,400). An event whose inventory shows nothing held or
 * sold has no counters to rebuild: its marker is simply set (LimitHold.nothingSold).
 */
@Injectable()
export class RedisPurchaseLimitStore extends PurchaseLimitStore {
  private readonly holdScript: RedisScript<[number, number]>;
  private readonly seedScript: RedisScript<number>;
  private readonly releaseScript: RedisScript<number>;
  private readonly rebuilds: RebuildOnce;
  private readonly restarts: RedisRestartGuard;

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    private readonly source: HeldTicketsSource,
    locks: RedisLock,
  ) {
    super();
    this.holdScript = defineScript(redis, { name: 'limit-hold', keys: 2, lua: HOLD });
    this.seedScript = defineScript(redis, { name: 'limit-seed', keys: 1, lua: SEED });
    this.releaseScript = defineScript(redis, { name: 'limit-release', keys: 1, lua: RELEASE });
    // The lock is renewed while a slow scan runs (M6): a second rebuilder never starts beside it.
    this.rebuilds = new RebuildOnce(locks, { lockTtlMs: REBUILD_LOCK_MS, waitMs: REBUILD_WAIT_MS });
    // A restarted or restored Redis may have lost the last holds while keeping the counters and
    // their markers (H2): they are all dropped, so each event's are rebuilt from MongoDB at its next hold.
    this.restarts = new RedisRestartGuard(redis, locks, {
      scope: 'eventflow:reservations:limit-restarts',
      verify: () => this.forgetAllCounters(),
    });
  }

  async hold(request: LimitHold): Promise<LimitHoldResult> {
    await this.restarts.verified().catch((error: unknown) => {
      throw error instanceof RestartVerificationPending ? new DependencyUnavailableError('Redis', error.message, 1) : error;
    });
    const expireAt = request.expiresAt.getTime() + KEEP_AFTER_EVENT_MS;
    const keys = [this.key(request.usuarioId, request.eventoId), this.marker(request.eventoId)];
    const args = [request.reservaId, request.cantidad, request.max, expireAt];
    let [status, total] = await this.holdScript.run(keys, args);
    if (status === -1) {
      if (request.nothingSold) await this.redis.set(this.marker(request.eventoId), '1', 'PXAT', expireAt, 'NX');
      else await this.rebuild(request.eventoId, expireAt);
      [status, total] = await this.holdScript.run(keys, args);
      if (status === -1)
        throw new DependencyUnavailableError('Redis', 'the purchase-limit counters are being rebuilt; try again shortly', 1);
    }
    return { held: status === 1, total: Number(total) };
  }

  async release(usuarioId: string, eventoId: string, reservaId: string): Promise<void> {
    await this.releaseScript.run([this.key(usuarioId, eventoId)], [reservaId]);
  }

  /** One rebuilder per event; the others wait for its marker. */
  private async rebuild(eventoId: string, expireAt: number): Promise<void> {
    const marker = this.marker(eventoId);
    await this.rebuilds.run(
      `${marker}:rebuilding`,
      async () => {
        const held = await this.source.heldTicketsForEvent(eventoId);
        const byFan = new Map<string, (string | number)[]>();
        for (const h of held) byFan.set(h.usuarioId, [...(byFan.get(h.usuarioId) ?? []), h.reservaId, h.cantidad]);
        await Promise.all(
          [...byFan].map(([usuarioId, pairs]) => this.seedScript.run([this.key(usuarioId, eventoId)], [expireAt, ...pairs])),
        );
        await this.redis.set(marker, '1', 'PXAT', expireAt);
      },
      async () => (await this.redis.exists(marker)) === 1,
    );
  }

  private async forgetAllCounters(): Promise<void> {
    await deleteMatching(this.redis, `${KEY_PREFIX}*`);
  }

  private key(usuarioId: string, eventoId: string): string {
    return purchaseLimitKeys.counter(eventoId, usuarioId);
  }

  private marker(eventoId: string): string {
    return purchaseLimitKeys.marker(eventoId);
  }
}
