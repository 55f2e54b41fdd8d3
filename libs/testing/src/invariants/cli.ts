import { checkInvariants, formatViolation } from './check-invariants';

/** scripts/check-invariants.sh: prints each violation with its ids; exits 1 on any, 2 when the stores cannot be read. */
async function main(): Promise<number> {
  const env = process.env;
  const number = (name: string) => (env[name] ? Number(env[name]) : undefined);
  const lease = number('SAGA_LEASE_MS') ?? 30_000;
  const interval = number('RECOVERY_INTERVAL_MS') ?? 10_000;
  const violations = await checkInvariants({
    mongoUrl: env.MONGO_URL ?? 'mongodb://127.0.0.1:27027',
    redis: env.REDIS_URL ?? 'redis://127.0.0.1:6390',
    maxTicketsPerUser: number('MAX_TICKETS_PER_USER'),
    // The documented bound: the lease runs out, a recovery pass takes the saga, its remaining steps fit in one lease.
    settleBoundMs: number('SETTLE_BOUND_MS') ?? 2 * lease + interval,
    chargeRecords: env.CHARGE_RECORDS === 'lost-with-redis' ? 'lost-with-redis' : 'trusted',
  });
  for (const violation of violations) console.log(formatViolation(violation));
  console.log(violations.length === 0 ? 'invariants hold: 0 violations' : `${violations.length} violation(s)`);
  return violations.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`check-invariants: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
