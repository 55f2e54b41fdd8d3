import { Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Cluster } from 'ioredis';
import { primaryServers } from './keyspace';
import type { RedisClient } from './redis-connections';
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
    private readonly redis: RedisClient,
    locks: RedisLock,
    private readonly options: RestartGuardOptions,
  ) {
    this.once = new RebuildOnce(locks, { lockTtlMs: options.lockTtlMs ?? 15_000, waitMs: options.waitMs ?? 5_000 });
    // A new connection may be to a restarted or another server: check again before the next operation.
    const recheck = () => (this.verifiedRun = undefined);
    redis.on('ready', recheck);
    // On a cluster a master can fail over while the client stays connected: a node lost or found, or
    // a new slot map, may mean a promoted replica (which may lag its master).
    if (redis instanceof Cluster) for (const event of ['-node', '+node', 'refresh']) redis.on(event, recheck);
  }

  /** Resolves once the Redis this process talks to was verified; rejects ("try again") while it is being verified. */
  async verified(): Promise<void> {
    if (this.verifiedRun !== undefined) return;
    this.checking ??= this.check().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async check(): Promise<void> {
    const runId = await runIdOf(this.redis);
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

/**
 * The run id of the server, or on a cluster one id for the set of masters' run ids: a cluster is a
 * new run as soon as any master is (restarted, or a replica promoted), and then all of it is
 * reconciled, since which keys the lost writes touched is unknown.
 */
async function runIdOf(redis: RedisClient): Promise<string> {
  const ids = await Promise.all(
    (await primaryServers(redis)).map(async (server) => {
      const id = /run_id:(\w+)/.exec(await server.info('server'))?.[1];
      if (!id) throw new Error('Redis did not tell its run id');
      return id;
    }),
  );
  return ids.length === 1 ? ids[0] : createHash('sha1').update(ids.sort().join(',')).digest('hex');
}

/** Another instance is still reconciling a restarted Redis: the operation should be retried shortly. */
export class RestartVerificationPending extends Error {
  override readonly name = 'RestartVerificationPending';

  constructor() {
    super('Redis restarted and is being reconciled with MongoDB; try again shortly');
  }
}
