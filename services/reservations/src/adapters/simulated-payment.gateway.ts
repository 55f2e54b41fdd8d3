import { Inject, Injectable } from '@nestjs/common';
import type { RedisClient } from '@eventflow/redis';
import { defineScript, REDIS, RedisScript } from '@eventflow/redis';
import { ReservationsEnv } from '../config/reservations.env';
import { ChargeOutcome, ChargeRequest, PaymentGateway } from '../ports/payment.port';

const KEY_PREFIX = 'eventflow:reservations:payment:';
const RECORD_TTL_SECONDS = 90 * 24 * 3600;

// The first decision for a reserva_id wins; later charges read it back.
const CHARGE = `
local current = redis.call('GET', KEYS[1])
if current then return current end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return ARGV[1]`;

// approved → refunded; nothing yet → voided (a charge still in flight will then be declined).
const REFUND = `
local current = redis.call('GET', KEYS[1])
if current == 'approved' then redis.call('SET', KEYS[1], 'refunded', 'EX', ARGV[1]) return 'refunded' end
if not current then redis.call('SET', KEYS[1], 'voided', 'EX', ARGV[1]) return 'voided' end
return current`;

/**
 * A stand-in for a payment provider: configurable latency and decline rate, a list of fans
 * whose charges are always declined, and charge records kept in Redis so that idempotency
 * survives restarts and is shared by every instance.
 */
@Injectable()
export class SimulatedPaymentGateway extends PaymentGateway {
  private readonly declinedUsers: Set<string>;
  private readonly chargeScript: RedisScript<string>;
  private readonly refundScript: RedisScript<string>;

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    private readonly env: ReservationsEnv,
  ) {
    super();
    this.chargeScript = defineScript(redis, { name: 'payment-charge', keys: 1, lua: CHARGE });
    this.refundScript = defineScript(redis, { name: 'payment-refund', keys: 1, lua: REFUND });
    this.declinedUsers = new Set(
      (env.PAYMENT_DECLINE_USERS ?? '')
        .split(',')
        .filter(Boolean)
        .map((id) => id.toLowerCase()),
    );
  }

  async charge(request: ChargeRequest): Promise<ChargeOutcome> {
    if (this.env.PAYMENT_LATENCY_MS > 0) await new Promise((resolve) => setTimeout(resolve, this.env.PAYMENT_LATENCY_MS));
    const decline =
      request.forceDecline === true ||
      this.declinedUsers.has(request.usuarioId) ||
      (this.env.PAYMENT_DECLINE_RATE > 0 && Math.random() < this.env.PAYMENT_DECLINE_RATE);
    const outcome = await this.chargeScript.run([KEY_PREFIX + request.reservaId], [decline ? 'declined' : 'approved', RECORD_TTL_SECONDS]);
    return outcome === 'approved' ? 'approved' : 'declined';
  }

  async refund(reservaId: string): Promise<void> {
    await this.refundScript.run([KEY_PREFIX + reservaId], [RECORD_TTL_SECONDS]);
  }

  /** For reconciliation and tests: the provider's record of a charge. */
  async status(reservaId: string): Promise<string | null> {
    return this.redis.get(KEY_PREFIX + reservaId);
  }
}
