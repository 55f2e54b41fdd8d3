import { createHash } from 'node:crypto';
import type { RedisClient } from './redis-connections';

export type ScriptArgument = string | number;

export interface ScriptDefinition {
  /** Shown in errors; defaults to the script's SHA. */
  name?: string;
  /** How many KEYS the script takes: every call must pass exactly this many. */
  keys: number;
  lua: string;
}

/** A Lua script bound to one connection, run atomically by Redis; `R` is the reply's shape. */
export interface RedisScript<R = unknown> {
  readonly name: string;
  readonly sha: string;
  run(keys: readonly string[], args?: readonly ScriptArgument[]): Promise<R>;
}

const defined = new Map<string, ScriptDefinition>();

/** Every script this process defined, by name: the key-slot spec proves each one's keys share a cluster slot. */
export function definedScripts(): ReadonlyMap<string, ScriptDefinition> {
  return defined;
}

const isNoScript = (error: unknown) => error instanceof Error && error.message.startsWith('NOSCRIPT');

/**
 * The one way to run Lua in EventFlow. Each call is an EVALSHA, so the script text crosses the
 * wire only when Redis does not know it (first use, a restart, SCRIPT FLUSH): then one EVAL,
 * which also puts it back in Redis's script cache. Declaring the keys lets Redis (and a
 * cluster) see which keys the script touches: every key must be in KEYS, none built inside the Lua,
 * and on a cluster they must share one hash slot.
 */
export function defineScript<R = unknown>(redis: RedisClient, definition: ScriptDefinition): RedisScript<R> {
  const sha = createHash('sha1').update(definition.lua).digest('hex');
  const name = definition.name ?? sha;
  defined.set(name, definition);
  return {
    name,
    sha,
    async run(keys, args = []) {
      if (keys.length !== definition.keys) throw new Error(`script ${name} takes ${definition.keys} keys, got ${keys.length}`);
      try {
        return (await redis.evalsha(sha, keys.length, ...keys, ...args)) as R;
      } catch (error) {
        if (!isNoScript(error)) throw error;
        return (await redis.eval(definition.lua, keys.length, ...keys, ...args)) as R;
      }
    },
  };
}
