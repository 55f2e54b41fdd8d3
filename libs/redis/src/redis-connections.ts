import Redis, { RedisOptions } from 'ioredis';

/**
 * Options for the command connection. No offline queue: while Redis is down a command
 * fails at once, so callers can fall back (cache) or fail closed (inventory) instead of hanging.
 */
export function commandConnectionOptions(): RedisOptions {
  return {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
  };
}

/** BullMQ needs blocking connections that retry forever (its documented requirement). */
export function createQueueConnection(url: string): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: false,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
}

/** BullMQ key prefix, one per service so queues never collide in a shared Redis. */
export function queuePrefix(service: string): string {
  return `eventflow:${service}:bull`;
}
