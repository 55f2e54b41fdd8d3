import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { AddressRateLimiter, Principal } from '@eventflow/auth';
import { REDIS } from '@eventflow/redis';
import { ReservationsEnv } from '../config/reservations.env';
import { ReservationErrors } from '../domain/reservations.errors';

/**
 * At most RESERVATION_RATE_LIMIT `POST /api/reservar` per fan and window, counted in Redis for
 * every reservations instance (one round trip: INCR, PEXPIRE NX and PTTL in one MULTI), so a fan's
 * script cannot take a flash sale's capacity of sagas whatever instance it reaches. The fan is the
 * authenticated principal (the global AccessGuard ran first); staff keys are not limited. Every
 * attempt counts, retries with an Idempotency-Key too: the default leaves room for many of them.
 * When Redis cannot answer, the request goes on (the saga itself then fails closed).
 */
@Injectable()
export class ReservationRateGuard implements CanActivate {
  private readonly limiter: AddressRateLimiter;

  constructor(@Inject(REDIS) redis: Redis, env: ReservationsEnv) {
    this.limiter = new AddressRateLimiter(redis, {
      keyPrefix: 'eventflow:reservations:rate:',
      limit: env.RESERVATION_RATE_LIMIT,
      windowMs: env.RESERVATION_RATE_WINDOW_MS,
    });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const principal = context.switchToHttp().getRequest<{ principal?: Principal }>().principal;
    if (principal?.kind !== 'fan') return true;
    const known = this.limiter.retryAfter(principal.userId);
    if (known !== undefined) throw ReservationErrors.tooManyReservations(known);
    const waitSeconds = await this.limiter.record(principal.userId);
    if (waitSeconds !== undefined) throw ReservationErrors.tooManyReservations(waitSeconds);
    return true;
  }
}
