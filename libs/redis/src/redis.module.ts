import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import type { Command } from 'ioredis';
import { ServiceEnv } from '@eventflow/config';
import { storeWait } from '@eventflow/metrics';
import { REDIS } from './redis.constants';
import { connectRedis, createRedisClient, RedisClient } from './redis-connections';
import { RedisLock } from './redis-lock';

/** Times every command from send to reply (or failure) for the store-wait metrics. */
function meterWaits(redis: RedisClient): RedisClient {
  // The same wrapper fits a server and a cluster (whose sendCommand also takes a node).
  const send = redis.sendCommand.bind(redis) as (command: Command, ...rest: unknown[]) => unknown;
  redis.sendCommand = ((command: Command, ...rest: unknown[]) => {
    const started = performance.now();
    const done = () => storeWait.record('redis', performance.now() - started);
    command.promise.then(done, done);
    return send(command, ...rest);
  }) as RedisClient['sendCommand'];
  return redis;
}

@Injectable()
class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: RedisClient) {}

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
      useFactory: async (env: ServiceEnv): Promise<RedisClient> => {
        const redis = meterWaits(createRedisClient(env, 'command'));
        // Errors are reported through failed commands; the event would otherwise crash the process.
        redis.on('error', () => undefined);
        await connectRedis(redis);
        return redis;
      },
    },
    RedisLifecycle,
    RedisLock,
  ],
  exports: [REDIS, RedisLock],
})
export class RedisModule {}
