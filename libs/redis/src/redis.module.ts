import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis, { RedisOptions } from 'ioredis';
import { ServiceEnv } from '@eventflow/config';
import { storeWait } from '@eventflow/metrics';
import { REDIS } from './redis.constants';

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

/** Times every command from send to reply (or failure) for the store-wait metrics. */
function meterWaits(redis: Redis): Redis {
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = (command, stream) => {
    const started = performance.now();
    const done = () => storeWait.record('redis', performance.now() - started);
    command.promise.then(done, done);
    return send(command, stream);
  };
  return redis;
}

@Injectable()
class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [ServiceEnv],
      useFactory: async (env: ServiceEnv): Promise<Redis> => {
        const redis = meterWaits(new Redis(env.REDIS_URL, commandConnectionOptions()));
        // Errors are reported through failed commands; the event would otherwise crash the process.
        redis.on('error', () => undefined);
        await redis.connect();
        return redis;
      },
    },
    RedisLifecycle,
  ],
  exports: [REDIS],
})
export class RedisModule {}
