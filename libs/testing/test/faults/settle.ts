import { MongoClient } from 'mongodb';
import type Redis from 'ioredis';
import { checkInvariants, InvariantOptions, Violation } from '../../src/invariants';
import { pause } from './fan-load';

export interface Settled {
  /** From the fault's end until no reservation is active any more. */
  finalMs: number;
  /** Until, in addition, every invariant holds. */
  consistentMs: number;
  violations: Violation[];
}

const UNSETTLED = ['pendiente', 'compensando', 'cancelando', 'requiere_intervencion'];

/**
 * Polls (never sleeps a fixed time) until every reservation is final and the checker finds
 * nothing, or the deadline passes; then checks once more with the documented bound.
 */
export async function waitUntilSettled(options: {
  mongo: MongoClient;
  redis: Redis;
  mongoUrl: string;
  since: number;
  /** Reads each event once per round, so an inventory Redis lost is rebuilt as a fan's read would. */
  touchEvents: () => Promise<void>;
  settleBoundMs: number;
  chargeRecords: InvariantOptions['chargeRecords'];
  timeoutMs: number;
}): Promise<Settled> {
  const reservations = options.mongo.db('eventflow_reservations').collection('reservations');
  const deadline = Date.now() + options.timeoutMs;
  let finalAt: number | undefined;
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
      const unsettled = await reservations.countDocuments({ estado: { $in: UNSETTLED } });
      if (unsettled === 0) {
        finalAt ??= Date.now();
        await options.touchEvents();
        violations = await check();
        if (violations.length === 0) {
          const consistentAt = Date.now();
          return { finalMs: finalAt - options.since, consistentMs: consistentAt - options.since, violations: await check() };
        }
      } else {
        finalAt = undefined;
      }
    } catch {
      // A store still coming back: look again.
    }
    await pause(250);
  }
  return {
    finalMs: (finalAt ?? Date.now()) - options.since,
    consistentMs: Date.now() - options.since,
    violations: violations.length ? violations : await check(),
  };
}
