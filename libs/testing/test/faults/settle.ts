import { MongoClient } from 'mongodb';
import type Redis from 'ioredis';
import { checkInvariants, InvariantOptions, Violation } from '../../src/invariants';
import { pause } from './fan-load';

const UNSETTLED = ['pendiente', 'compensando', 'cancelando', 'requiere_intervencion'];

/**
 * How long the reservations the fault caught (every one created before it was healed) take to be
 * final, measured from the heal: polled while the load goes on (never a fixed sleep).
 */
export async function timeToFinal(mongo: MongoClient, healedAt: number, timeoutMs: number): Promise<number> {
  const reservations = mongo.db('eventflow_reservations').collection('reservations');
  const deadline = healedAt + timeoutMs;
  let lastCaught: import('mongodb').ObjectId[] = [];
  while (Date.now() < deadline) {
    try {
      const caught = await reservations
        .find({ estado: { $in: UNSETTLED }, creada: { $lte: new Date(healedAt) } }, { projection: { _id: 1 } })
        .toArray();
      if (caught.length === 0) {
        if (process.env.EVENTFLOW_FAULTS_DEBUG && lastCaught.length > 0) {
          const docs = await reservations.find({ _id: { $in: lastCaught } }).toArray();
          console.log(`last to settle (healed at ${new Date(healedAt).toISOString()}): ${JSON.stringify(docs, null, 1)}`);
        }
        return Date.now() - healedAt;
      }
      lastCaught = caught.map((d) => d._id as import('mongodb').ObjectId);
    } catch {
      // A store still coming back: look again.
    }
    // Each look reads the whole collection on FerretDB: not so often that the observer loads the system.
    await pause(1_000);
  }
  return Date.now() - healedAt;
}

export interface Consistency {
  /** From `since` until no reservation is active and every invariant holds. */
  consistentMs: number;
  violations: Violation[];
}

/** Polls until every reservation is final and the checker finds nothing, or the deadline passes. */
export async function waitUntilConsistent(options: {
  mongo: MongoClient;
  redis: Redis;
  mongoUrl: string;
  since: number;
  /** Reads each event once per round, so an inventory Redis lost is rebuilt as a fan's read would. */
  touchEvents: () => Promise<void>;
  settleBoundMs: number;
  chargeRecords: InvariantOptions['chargeRecords'];
  timeoutMs: number;
}): Promise<Consistency> {
  const reservations = options.mongo.db('eventflow_reservations').collection('reservations');
  const deadline = Date.now() + options.timeoutMs;
  let violations: Violation[] = [];
  const check = () =>
    checkInvariants({
      mongoUrl: options.mongoUrl,
      redis: options.redis,
      settleBoundMs: options.settleBoundMs,
      chargeRecords: options.chargeRecords,
    });
  while (Date.now() < deadline) {
    try {
      if ((await reservations.countDocuments({ estado: { $in: UNSETTLED } })) === 0) {
        await options.touchEvents();
        violations = await check();
        if (violations.length === 0) return { consistentMs: Date.now() - options.since, violations };
      }
    } catch {
      // A store still coming back: look again.
    }
    await pause(1_000);
  }
  return { consistentMs: Date.now() - options.since, violations: violations.length ? violations : await check() };
}
