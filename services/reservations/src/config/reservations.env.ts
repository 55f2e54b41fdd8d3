import {
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  Matches,
  Max,
  Min,
  Validate,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { ServiceEnv, ToInt, ToNumber } from '@eventflow/config';

/** Each deadline of a single call made by a saga step is shorter than the saga's lease. */
@ValidatorConstraint({ name: 'callsFitInLease' })
class CallsFitInLease implements ValidatorConstraintInterface {
  validate(lease: number, args: ValidationArguments): boolean {
    const env = args.object as ReservationsEnv;
    return env.RPC_TIMEOUT_MS < lease && (env.PAYMENT_TIMEOUT_MS ?? 0) < lease;
  }
  defaultMessage(args: ValidationArguments): string {
    const env = args.object as ReservationsEnv;
    return `must exceed RPC_TIMEOUT_MS (${env.RPC_TIMEOUT_MS}) and PAYMENT_TIMEOUT_MS (${env.PAYMENT_TIMEOUT_MS ?? 'unset'}): every call a saga makes must fit in its lease`;
  }
}

/** Settings of the reservations service; see docs/readme/reservations.md. */
export class ReservationsEnv extends ServiceEnv {
  override PORT = 3003;
  override RPC_PORT = 4003;
  override MONGO_DB = 'eventflow_reservations';

  /** Tickets one fan may hold (pending + confirmed) for one event. */
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(1000)
  MAX_TICKETS_PER_USER = 10;

  /** Tickets in a single reservation. */
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(1000)
  MAX_TICKETS_PER_RESERVATION = 10;

  /** Simulated payment provider: latency of each charge, and the share of charges it declines. */
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(600_000)
  PAYMENT_LATENCY_MS = 0;

  @ToNumber()
  @IsNumber()
  @Min(0)
  @Max(1)
  PAYMENT_DECLINE_RATE = 0;

  /**
   * The payment provider's deadline per call: a charge that takes longer is retried, then undone
   * (a refund voids it). Default: 10 s, or half the saga lease when that is shorter.
   */
  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(100)
  @Max(600_000)
  PAYMENT_TIMEOUT_MS?: number;

  get paymentTimeoutMs(): number {
    return this.PAYMENT_TIMEOUT_MS ?? Math.min(10_000, Math.floor(this.SAGA_LEASE_MS / 2));
  }

  /** Comma-separated usuario_ids whose payments the simulator always declines (deterministic tests, demos). */
  @IsOptional()
  @Matches(/^[0-9a-fA-F]{24}(,[0-9a-fA-F]{24})*$/, { message: 'must be a comma-separated list of usuario_ids' })
  PAYMENT_DECLINE_USERS?: string;

  /**
   * How long a saga run owns its reservation unless it renews it (a running saga renews every third
   * of it); recovery takes over sagas whose lease has expired. Every single call the saga makes
   * must fit inside it, so a run that lost its lease is stopped by its next journal write.
   */
  @ToInt()
  @IsInt()
  @Min(500)
  @Max(3_600_000)
  @Validate(CallsFitInLease)
  SAGA_LEASE_MS = 30_000;

  /** How often the recovery job looks for stuck sagas. */
  @ToInt()
  @IsInt()
  @Min(200)
  @Max(3_600_000)
  RECOVERY_INTERVAL_MS = 10_000;

  /** How often holds are compared with the reservations behind them (tickets and purchase limits no saga owns). */
  @ToInt()
  @IsInt()
  @Min(200)
  @Max(3_600_000)
  RECONCILE_HOLDS_INTERVAL_MS = 60_000;

  /** How often cancelled events are asked for and their confirmed reservations refunded. */
  @ToInt()
  @IsInt()
  @Min(200)
  @Max(3_600_000)
  EVENT_REFUNDS_INTERVAL_MS = 5_000;

  /** How often the waiting rooms' admitter runs (each tick admits what the rooms' rates allow since the last). */
  @ToInt()
  @IsInt()
  @Min(200)
  @Max(60_000)
  ADMISSION_TICK_MS = 1_000;

  /** How long tickets offered to a fan on the waiting list are held for them. */
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(86_400)
  OFERTA_LISTA_ESPERA_S = 900;

  /** How often returned tickets are offered to the waiting lists (and expired offers moved on). */
  @ToInt()
  @IsInt()
  @Min(200)
  @Max(60_000)
  WAITING_LIST_TICK_MS = 1_000;

  /** Attempts of an idempotent step (RPC) before the saga gives up on it. */
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(10)
  STEP_ATTEMPTS = 2;

  /**
   * Failed compensations are retried by a durable queue: each attempt waits twice as long as the
   * one before, from COMPENSATION_BACKOFF_MS up to COMPENSATION_BACKOFF_MAX_MS. After
   * COMPENSATION_ATTEMPTS (defaults: about 1 h 40 min) the reservation becomes
   * `requiere_intervencion`, an operator is alerted, and `POST /api/reservar/:id/compensar` re-drives it.
   */
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(100_000)
  COMPENSATION_ATTEMPTS = 100;

  @ToInt()
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  COMPENSATION_BACKOFF_MS = 1_000;

  @ToInt()
  @IsInt()
  @Min(10)
  @Max(86_400_000)
  COMPENSATION_BACKOFF_MAX_MS = 60_000;

  /** Fan tokens verified through users.authenticate are cached this long (and at most this many). */
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(300_000)
  FAN_TOKEN_CACHE_TTL_MS = 30_000;

  @ToInt()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  FAN_TOKEN_CACHE_SIZE = 10_000;

  /** How long an Idempotency-Key is remembered. */
  @ToInt()
  @IsInt()
  @Min(60)
  @Max(30 * 24 * 3600)
  IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

  /** Reservations one instance works on at once, and how many more may wait (then 503). */
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(10_000)
  RESERVATION_CONCURRENCY = 48;

  @ToInt()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  RESERVATION_QUEUE_LIMIT = 5_000;

  /**
   * `POST /api/reservar` one fan may send per window, across every instance (counted in Redis),
   * before 429 with Retry-After. Generous: a fan needs a few, a client retrying with its
   * Idempotency-Key a few more.
   */
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  RESERVATION_RATE_LIMIT = 60;

  @ToInt()
  @IsInt()
  @Min(1_000)
  @Max(86_400_000)
  RESERVATION_RATE_WINDOW_MS = 60_000;

  /** The background jobs (recovery, compensation retries) can be switched off on an instance. */
  @IsIn(['true', 'false'])
  RESERVATION_JOBS = 'true';
}
