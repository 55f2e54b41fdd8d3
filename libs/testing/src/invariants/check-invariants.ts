import Redis from 'ioredis';
import { MongoClient } from 'mongodb';
import { inventoryViolations } from './inventory.rules';
import { InvariantOptions, Violation } from './invariants.types';
import { reservationViolations } from './reservation.rules';
import { readSnapshot } from './store-snapshot';

/**
 * Reads MongoDB and Redis directly and returns every broken promise (empty when all hold): the
 * inventory adds up and agrees across Redis, ledger and reservations; each reservation's records
 * match its state; nothing is stranded; no fan passes the limit; one key, one reservation.
 */
export async function checkInvariants(options: InvariantOptions): Promise<Violation[]> {
  const mongo = await MongoClient.connect(options.mongoUrl, { serverSelectionTimeoutMS: 10_000 });
  const redis = typeof options.redis === 'string' ? new Redis(options.redis, { maxRetriesPerRequest: 2 }) : options.redis;
  try {
    const snapshot = await readSnapshot({
      mongo,
      redis,
      databases: {
        users: options.databases?.users ?? 'eventflow_users',
        events: options.databases?.events ?? 'eventflow_events',
        reservations: options.databases?.reservations ?? 'eventflow_reservations',
      },
    });
    const reservations = new Map(snapshot.reservations.map((r) => [r.id, r]));
    return [
      ...snapshot.events.flatMap((event) => inventoryViolations(event, reservations)),
      ...reservationViolations(snapshot, {
        maxTicketsPerUser: options.maxTicketsPerUser ?? 10,
        settleBoundMs: options.settleBoundMs ?? 70_000,
        chargeRecords: options.chargeRecords ?? 'trusted',
        now: options.now ?? new Date(),
      }),
    ];
  } finally {
    await mongo.close();
    if (typeof options.redis === 'string') redis.disconnect();
  }
}

/** One line per violation, ids included, for logs and the CLI. */
export function formatViolation(violation: Violation): string {
  const ids = Object.entries(violation.ids)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
  return `[${violation.kind}] ${violation.message} (${ids})`;
}
