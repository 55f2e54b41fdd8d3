import { Inject, Injectable } from '@nestjs/common';
import type { RedisClient } from '@eventflow/redis';
import { ServiceEnv } from '@eventflow/config';
import { REDIS } from '@eventflow/redis';
import { AddressRateLimiter } from './address-rate.limiter';

/**
 * Failed authentications per address (AUTH_FAILURE_LIMIT per AUTH_FAILURE_WINDOW_MS): each may
 * cost a users look-up. Successful requests never touch Redis.
 */
@Injectable()
export class FailedAuthenticationLimiter extends AddressRateLimiter {
  constructor(@Inject(REDIS) redis: RedisClient, env: ServiceEnv) {
    super(redis, { keyPrefix: 'eventflow:auth:failures:', limit: env.AUTH_FAILURE_LIMIT, windowMs: env.AUTH_FAILURE_WINDOW_MS });
  }
}
