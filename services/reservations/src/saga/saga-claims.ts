import { Injectable } from '@nestjs/common';
import { RedisLock } from '@eventflow/redis';
import { mongo } from 'mongoose';
import { ReservationRepository } from '../database/reservation.repository';
import { Lease } from '../domain/lease';
import { ReservationDocument, ReservationState } from '../domain/reservation';
import { sagaLockKey } from './active-saga.index';

const lockKey = (id: mongo.ObjectId) => sagaLockKey(id.toHexString());

/**
 * Taking over a saga (recovery, compensation retries). The conditional update in MongoDB
 * records the new lease, but FerretDB applies concurrent updates of one document as
 * read-modify-write (two conditional updates can both "match"), so the exclusive decision
 * is a Redis SET NX with the lease's duration: exactly one run wins, on any backend.
 */
@Injectable()
export class SagaClaims {
  constructor(
    private readonly locks: RedisLock,
    private readonly repository: ReservationRepository,
  ) {}

  /** Exclusive right to start driving this saga for the lease's duration. */
  async lock(id: mongo.ObjectId, lease: Lease): Promise<boolean> {
    return (await this.locks.acquire(lockKey(id), lease.ms, lease.owner)) !== undefined;
  }

  /**
   * The fence of every journal write: true while this run may still drive the saga. A Redis
   * check instead of a `{_id, lease_owner}` filter, because FerretDB's SQLite backend scans the
   * whole collection for any update filter but `_id`.
   */
  async renew(id: mongo.ObjectId, lease: Lease): Promise<boolean> {
    return this.locks.renew(lockKey(id), lease.owner, lease.ms);
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
    await this.locks.release(lockKey(id), lease.owner).catch(() => false);
  }

  /** Releases the lock if it is still this run's (true), taking it back first if it lapsed unclaimed. */
  async handBack(id: mongo.ObjectId, lease: Lease): Promise<boolean> {
    if (await this.locks.release(lockKey(id), lease.owner)) return true;
    return (await this.keepAlive(id, lease)) && this.locks.release(lockKey(id), lease.owner);
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
