import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { ServiceEnv } from '@eventflow/config';
import { storeWait } from '@eventflow/metrics';
import { REDIS } from './redis.constants';
import { commandConnectionOptions } from './redis-connections';
import { RedisLock } from './redis-lock';

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
    RedisLock,
  ],
  exports: [REDIS, RedisLock],
})
export class RedisModule {}
