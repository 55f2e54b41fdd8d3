import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { REDIS } from '@eventflow/redis';
import { RedisScript, redisScript } from '../lua/redis-script';
import { HeldTicketsSource, LimitHold, LimitHoldResult, PurchaseLimitStore } from './purchase-limit.store';

const KEY_PREFIX = 'eventflow:reservations:limit:';
const KEEP_AFTER_EVENT_MS = 7 * 24 * 3600 * 1000;

/**
 * One hash per (fan, event): a field per reserva_id with its quantity, and `_total`.
 * KEYS[1] counter; ARGV: reserva_id, cantidad, max, expire-at ms, rebuilt? (0/1), then
 * reserva_id/cantidad pairs to seed a missing counter with.
 * Returns {1, total} when held (or already held), {0, total} over the limit, {-1, 0} when the
 * counter is missing and must be rebuilt from MongoDB first.
 */
const HOLD = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  if ARGV[5] == '0' then return {-1, 0} end
  local seeded = 0
  for i = 6, #ARGV, 2 do
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
    seeded = seeded + tonumber(ARGV[i + 1])
  end
  redis.call('HSET', KEYS[1], '_total', seeded)
  redis.call('PEXPIREAT', KEYS[1], ARGV[4])
end
local total = tonumber(redis.call('HGET', KEYS[1], '_total') or '0')
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return {1, total} end
local wanted = tonumber(ARGV[2])
if total + wanted > tonumber(ARGV[3]) then return {0, total} end
redis.call('HSET', KEYS[1], ARGV[1], wanted)
return {1, redis.call('HINCRBY', KEYS[1], '_total', wanted)}`;

const RELEASE = `
local held = redis.call('HGET', KEYS[1], ARGV[1])
if not held then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HINCRBY', KEYS[1], '_total', -tonumber(held))
return 1`;

/**
 * The purchase limit as a Redis Lua counter: atomic, so one fan's concurrent requests cannot
 * pass it together. MongoDB stays the truth: a counter lost with Redis is rebuilt from the
 * reservations that still hold tickets before the next hold is decided.
 */
@Injectable()
export class RedisPurchaseLimitStore extends PurchaseLimitStore {
  private readonly holdScript: RedisScript;
  private readonly releaseScript: RedisScript;

  constructor(
    @Inject(REDIS) redis: Redis,
    private readonly source: HeldTicketsSource,
  ) {
    super();
    this.holdScript = redisScript(redis, HOLD);
    this.releaseScript = redisScript(redis, RELEASE);
  }

  async hold(request: LimitHold): Promise<LimitHoldResult> {
    const key = this.key(request.usuarioId, request.eventoId);
    const expireAt = String(request.expiresAt.getTime() + KEEP_AFTER_EVENT_MS);
    const args = [request.reservaId, String(request.cantidad), String(request.max), expireAt];
    let [status, total] = (await this.holdScript([key], [...args, '0'])) as [number, number];
    if (status === -1) {
      const held = await this.source.heldTickets(request.usuarioId, request.eventoId);
      const seed = held.filter((h) => h.reservaId !== request.reservaId).flatMap((h) => [h.reservaId, String(h.cantidad)]);
      [status, total] = (await this.holdScript([key], [...args, '1', ...seed])) as [number, number];
    }
    return { held: status === 1, total: Number(total) };
  }

  async release(usuarioId: string, eventoId: string, reservaId: string): Promise<void> {
    await this.releaseScript([this.key(usuarioId, eventoId)], [reservaId]);
  }

  private key(usuarioId: string, eventoId: string): string {
    return `${KEY_PREFIX}${usuarioId}:${eventoId}`;
  }
}
