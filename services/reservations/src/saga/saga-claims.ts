import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { REDIS } from '@eventflow/redis';
import { mongo } from 'mongoose';
import { ReservationRepository } from '../database/reservation.repository';
import { Lease } from '../domain/lease';
import { ReservationDocument, ReservationState } from '../domain/reservation';

const LOCK_PREFIX = 'eventflow:reservations:saga-lock:';
const RELEASE_IF_OWNER = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
/** Extends the lock while this run holds it; 0 once it lapsed or another run took it. */
const RENEW_IF_OWNER = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

/**
 * Taking over a saga (recovery, compensation retries). The conditional update in MongoDB
 * records the new lease, but FerretDB applies concurrent updates of one document as
 * read-modify-write (two conditional updates can both "match"), so the exclusive decision
 * is a Redis SET NX with the lease's duration: exactly one run wins, on any backend.
 */
@Injectable()
export class SagaClaims {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly repository: ReservationRepository,
  ) {}

  /** Exclusive right to start driving this saga for the lease's duration. */
  async lock(id: mongo.ObjectId, lease: Lease): Promise<boolean> {
    return (await this.redis.set(LOCK_PREFIX + id.toHexString(), lease.owner, 'PX', lease.ms, 'NX')) === 'OK';
  }

  /**
   * The fence of every journal write: true while this run may still drive the saga. A Redis
   * check instead of a `{_id, lease_owner}` filter, because FerretDB's SQLite backend scans the
   * whole collection for any update filter but `_id`.
   */
  async renew(id: mongo.ObjectId, lease: Lease): Promise<boolean> {
    return (await this.redis.eval(RENEW_IF_OWNER, 1, LOCK_PREFIX + id.toHexString(), lease.owner, lease.ms)) === 1;
  }

  /**
   * Keeps this run's lock (H3): renews it, or takes it back when it lapsed (a pause longer than the
   * lease, Redis restarted) as long as nobody took over: the document still names this run as its
   * lease owner and nobody holds the lock now. False once another run drives the saga.
   */
  async keepAlive(id: mongo.ObjectId, lease: Lease): Promise<boolean> {
    if (await this.renew(id, lease)) return true;
    const current = await this.repository.findById(id.toHexString());
    if (!current || current.lease_owner !== lease.owner) return false;
    return this.lock(id, lease);
  }

  /** Gives the lock back when the run is over (only if it is still this run's). */
  async release(id: mongo.ObjectId, lease: Lease): Promise<void> {
    await this.redis.eval(RELEASE_IF_OWNER, 1, LOCK_PREFIX + id.toHexString(), lease.owner).catch(() => undefined);
  }

  async claim(id: mongo.ObjectId, states: ReservationState[], lease: Lease): Promise<ReservationDocument | null> {
    if (!(await this.lock(id, lease))) return null;
    const claimed = await this.repository.claim(id, states, lease).catch(async (error: unknown) => {
      await this.release(id, lease);
      throw error;
    });
    if (!claimed) await this.release(id, lease);
    return claimed;
  }
}
