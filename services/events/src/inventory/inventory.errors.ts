import { DependencyUnavailableError } from '@eventflow/errors';

/**
 * The inventory's "try again" answers (HTTP 503 with Retry-After; over RPC, `unavailable`):
 * one constructor each, so each has one message.
 */
export const inventoryNotRebuilt = () => new DependencyUnavailableError('inventory', 'inventory could not be rebuilt; try again shortly');

export const rebuildTakingTooLong = () =>
  new DependencyUnavailableError('inventory', 'inventory rebuild is taking too long; try again shortly');

export const ledgerUnavailable = (cause: unknown) =>
  new DependencyUnavailableError('MongoDB', 'the inventory ledger is unavailable; try again shortly', 5, { cause });

export const eventVanished = () => new DependencyUnavailableError('MongoDB', 'event vanished during a reserve');
