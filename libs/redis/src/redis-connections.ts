import Redis, { Cluster, ClusterNode } from 'ioredis';

/** A connection to one Redis server or to a Redis Cluster: the commands EventFlow sends are the same. */
export type RedisClient = Redis | Cluster;

/** Where Redis is: `REDIS_CLUSTER_NODES` (seed nodes, `host:port,…`) wins over `REDIS_URL`. */
export interface RedisEndpoint {
  REDIS_URL: string;
  REDIS_CLUSTER_NODES?: string;
}

export function clusterSeedNodes(list: string): ClusterNode[] {
  return list.split(',').map((entry) => {
    const at = entry.lastIndexOf(':');
    return { host: entry.slice(0, at), port: Number(entry.slice(at + 1)) };
  });
}

/**
 * The one factory of Redis connections. `command`: no offline queue, one retry, so while Redis
 * (or a cluster's master) is down a command fails at once and callers fall back (cache) or fail
 * closed (inventory) instead of hanging. On a cluster that also means no retry across a failover
 * (`retryDelayOnFailover: 0`, `retryDelayOnClusterDown: 0`): a command is never re-sent to a freshly
 * promoted replica before the restart guards have looked at it. `queue`: BullMQ's blocking
 * connections, which must retry forever (its documented requirement).
 */
export function createRedisClient(endpoint: RedisEndpoint, role: 'command' | 'queue'): RedisClient {
  const command = role === 'command';
  const retryStrategy = (attempt: number) => (command ? Math.min(attempt * 100, 1_000) : Math.min(attempt * 200, 2_000));
  const perRequest = command ? { maxRetriesPerRequest: 1, connectTimeout: 2_000 } : { maxRetriesPerRequest: null, enableReadyCheck: false };
  if (!endpoint.REDIS_CLUSTER_NODES) {
    return new Redis(endpoint.REDIS_URL, {
      ...perRequest,
      retryStrategy,
      ...(command && { lazyConnect: true, enableOfflineQueue: false }),
    });
  }
  return new Cluster(clusterSeedNodes(endpoint.REDIS_CLUSTER_NODES), {
    redisOptions: perRequest,
    clusterRetryStrategy: retryStrategy,
    ...(command
      ? { lazyConnect: true, enableOfflineQueue: false, retryDelayOnFailover: 0, retryDelayOnClusterDown: 0 }
      : { enableReadyCheck: false }),
  });
}

/**
 * Connects a command client. A cluster client connects to each node only at its first command, and
 * without an offline queue commands sent meanwhile can fail: connect them all now (a node that is
 * down stays down, and its slots answer 503 until the cluster fails it over).
 */
export async function connectRedis(redis: RedisClient): Promise<void> {
  await redis.connect();
  if (!(redis instanceof Cluster)) return;
  await Promise.all(redis.nodes('all').map((node) => (node.status === 'wait' ? node.connect().catch(() => undefined) : undefined)));
}

/**
 * BullMQ key prefix, one per service so queues never collide in a shared Redis. The braces are a
 * cluster hash tag: BullMQ's scripts touch several keys of a queue at once, so they must share a slot.
 */
export function queuePrefix(service: string): string {
  return `{eventflow:${service}:bull}`;
}
