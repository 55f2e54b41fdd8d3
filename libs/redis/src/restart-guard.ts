import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { RebuildOnce } from './rebuild-once';
import { RedisLock } from './redis-lock';

export interface RestartGuardOptions {
  /** Key prefix of the state this guard protects, e.g. `eventflow:events`. */
  scope: string;
  /**
   * Brings the state back in line with MongoDB after Redis restarted, failed over or was
   * restored from a snapshot (it may have lost its last writes). Runs once per Redis run across
   * every instance; the others wait for it.
   */
  verify: () => Promise<void>;
  /** How long an operation waits for another instance's verification before "try again". */
  waitMs?: number;
  /** The verification's lock TTL (renewed while it runs). */
  lockTtlMs?: number;
}

/** Remember a run as verified this long: a Redis that lives longer keeps its key; a restarted one has a new run id. */
const VERIFIED_TTL_SECONDS = 30 * 24 * 3600;

/**
 * Redis can come back from a restart or a failover with less than it acknowledged (the last second
 * under `appendfsync everysec`, a lagging replica, an older snapshot), and nothing in the data says
 * so (the review's H2). So a service treats every Redis run (its `run_id`, new on every restart and
 * on every server) as unverified until its state was reconciled with MongoDB. The check costs
 * nothing on the hot path: the verdict is kept in memory until the connection is re-established.
 */
export class RedisRestartGuard {
  private readonly logger = new Logger(RedisRestartGuard.name);
  private readonly once: RebuildOnce;
  private verifiedRun?: string;
  private checking?: Promise<void>;

  constructor(
    private readonly redis: Redis,
    locks: RedisLock,
    private readonly options: RestartGuardOptions,
  ) {
    this.once = new RebuildOnce(locks, { lockTtlMs: options.lockTtlMs ?? 15_000, waitMs: options.waitMs ?? 5_000 });
    // A new connection may be to a restarted or another server: check again before the next operation.
    redis.on('ready', () => (this.verifiedRun = undefined));
  }

  /** Resolves once the Redis this process talks to was verified; rejects ("try again") while it is being verified. */
  async verified(): Promise<void> {
    if (this.verifiedRun !== undefined) return;
    this.checking ??= this.check().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async check(): Promise<void> {
    const runId = /run_id:(\w+)/.exec(await this.redis.info('server'))?.[1];
    if (!runId) throw new Error('Redis did not tell its run id');
    const marker = `${this.options.scope}:verified:${runId}`;
    if ((await this.redis.exists(marker)) === 0) {
      const result = await this.once.run(
        `${this.options.scope}:verifying:${runId}`,
        async () => {
          this.logger.warn(
            { scope: this.options.scope },
            'Redis is a new run (restarted, failed over or restored): reconciling it with MongoDB',
          );
          await this.options.verify();
          await this.redis.set(marker, new Date().toISOString(), 'EX', VERIFIED_TTL_SECONDS);
        },
        async () => (await this.redis.exists(marker)) === 1,
      );
      if (result.outcome === 'try-again') throw new RestartVerificationPending();
    }
    this.verifiedRun = runId;
  }
}

/** Another instance is still reconciling a restarted Redis: the operation should be retried shortly. */
export class RestartVerificationPending extends Error {
  override readonly name = 'RestartVerificationPending';

  constructor() {
    super('Redis restarted and is being reconciled with MongoDB; try again shortly');
  }
}
