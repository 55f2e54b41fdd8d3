import Redis, { Cluster } from 'ioredis';
import { RedisClient } from './redis-connections';

const SLOTS = 16_384;

/**
 * The servers that own the keyspace right now: the one server, or the masters the cluster itself
 * names for its slots (CLUSTER SLOTS, not the client's cached map, which lags a failover). Throws
 * while a slot has no reachable master, e.g. during a failover: nothing can be checked or rebuilt then.
 */
export async function primaryServers(redis: RedisClient): Promise<Redis[]> {
  if (!(redis instanceof Cluster)) return [redis];
  const ranges = await redis.cluster('SLOTS');
  const covered = ranges.reduce((sum, [start, end]) => sum + end - start + 1, 0);
  const connected = new Map(redis.nodes('all').map((node) => [`${node.options.host}:${node.options.port}`, node]));
  const owners = [...new Set(ranges.map(([, , master]) => `${master[0]}:${master[1]}`))];
  const missing = owners.find((owner) => !connected.has(owner));
  if (covered === SLOTS && !missing) return owners.map((owner) => connected.get(owner)!);
  // The client learns a new master only from a MOVED or a refresh; ask for one, then "try again".
  redis.refreshSlotsCache();
  throw new Error(
    covered === SLOTS ? `Redis Cluster master ${missing} is not connected yet` : `Redis Cluster serves ${covered} of ${SLOTS} slots`,
  );
}

/**
 * Reads keys that may live in different cluster slots. One MGET on a single server; on a cluster
 * an MGET would fail with CROSSSLOT, so each key is read on its own (in parallel) instead.
 */
export async function readMany(redis: RedisClient, keys: readonly string[]): Promise<Array<string | null>> {
  if (keys.length === 0) return [];
  if (redis instanceof Cluster) return Promise.all(keys.map((key) => redis.get(key)));
  return redis.mget(...keys);
}

/**
 * Deletes every key matching `pattern`. SCAN walks one server's keys, so on a cluster it runs on
 * every master; the keys a master returns are its own, deleted one by one (they span slots).
 */
export async function deleteMatching(redis: RedisClient, pattern: string): Promise<number> {
  let deleted = 0;
  for (const server of await primaryServers(redis)) {
    let cursor = '0';
    do {
      const [next, keys] = await server.scan(cursor, 'MATCH', pattern, 'COUNT', 1_000);
      if (keys.length > 0) {
        const pipeline = server.pipeline();
        for (const key of keys) pipeline.del(key);
        deleted += keys.length;
        await pipeline.exec();
      }
      cursor = next;
    } while (cursor !== '0');
  }
  return deleted;
}
