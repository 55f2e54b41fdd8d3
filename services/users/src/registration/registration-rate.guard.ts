import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { RedisClient } from '@eventflow/redis';
import { AddressRateLimiter } from '@eventflow/auth';
import { REDIS } from '@eventflow/redis';
import { UsersEnv } from '../config/users.env';
import { tooManyRegistrations } from '../users/users.errors';

/**
 * At most REGISTRATION_RATE_LIMIT registration attempts per client address and window, counted in
 * Redis for every instance: the 409 for a registered person is an oracle, so probing many e-mails
 * or documents must be slow. Every attempt counts, whatever it answers, so the count cannot tell
 * which ones matched. When Redis cannot answer, registration goes on unlimited.
 */
@Injectable()
export class RegistrationRateGuard implements CanActivate {
  private readonly limiter: AddressRateLimiter;

  constructor(@Inject(REDIS) redis: RedisClient, env: UsersEnv) {
    this.limiter = new AddressRateLimiter(redis, {
      keyPrefix: 'eventflow:users:registrations:',
      limit: env.REGISTRATION_RATE_LIMIT,
      windowMs: env.REGISTRATION_RATE_WINDOW_MS,
    });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const address = context.switchToHttp().getRequest<{ ip?: string }>().ip ?? 'unknown';
    const known = this.limiter.retryAfter(address);
    if (known !== undefined) throw tooManyRegistrations(known);
    const waitSeconds = await this.limiter.record(address);
    if (waitSeconds !== undefined) throw tooManyRegistrations(waitSeconds);
    return true;
  }
}
