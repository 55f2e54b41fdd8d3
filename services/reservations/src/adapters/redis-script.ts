import { createHash } from 'node:crypto';
import type Redis from 'ioredis';

export type RedisScript = (keys: string[], args: (string | number)[]) => Promise<unknown>;

/**
 * Runs a Lua script by its SHA (EVALSHA), sending the body only the first time Redis does
 * not know it (after a restart or SCRIPT FLUSH): no script text on the hot path.
 */
export function redisScript(redis: Redis, lua: string): RedisScript {
  const sha = createHash('sha1').update(lua).digest('hex');
  return async (keys, args) => {
    try {
      return await redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('NOSCRIPT')) return redis.eval(lua, keys.length, ...keys, ...args);
      throw error;
    }
  };
}
