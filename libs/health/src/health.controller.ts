import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, MongooseHealthIndicator } from '@nestjs/terminus';
import type { RedisClient } from '@eventflow/redis';
import { Access } from '@eventflow/auth';
import { REDIS } from '@eventflow/redis';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly mongo: MongooseHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: RedisClient,
  ) {}

  /** Liveness: the process is up and serving HTTP. */
  @Get()
  @Access('public')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: both stores answer. */
  @Get('ready')
  @Access('public')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.mongo.pingCheck('mongodb', { timeout: 1_500 }), () => this.pingRedis()]);
  }

  private async pingRedis() {
    const indicator = this.indicators.check('redis');
    try {
      await this.redis.ping();
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : 'unreachable' });
    }
  }
}
