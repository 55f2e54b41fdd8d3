import type { RedisClient } from '@eventflow/redis';
import { DependencyUnavailableError } from '@eventflow/errors';
import { RedisLock, RedisRestartGuard, RestartVerificationPending } from '@eventflow/redis';

/**
 * No ticket moves on a Redis run that was not reconciled with the ledger first (H2): after a
 * restart, a failover or a restore from a snapshot, Redis may miss its last holds and sales,
 * which would sell those seats again. One instance reconciles every active event with no grace
 * period (an operation in flight re-applies itself from the ledger: see ReserveTicketsUseCase),
 * the others answer 503 with Retry-After meanwhile.
 */
export class InventoryRestartGuard {
  private readonly guard: RedisRestartGuard;

  /** `reconcileAll` runs the reconciliation with no grace period (wired in InventoryModule, which knows both). */
  constructor(redis: RedisClient, locks: RedisLock, reconcileAll: () => Promise<unknown>) {
    this.guard = new RedisRestartGuard(redis, locks, {
      scope: 'eventflow:events:inventory',
      verify: async () => void (await reconcileAll()),
    });
  }

  async verified(): Promise<void> {
    try {
      await this.guard.verified();
    } catch (error) {
      if (error instanceof RestartVerificationPending) throw new DependencyUnavailableError('inventory', error.message, 1);
      throw error;
    }
  }
}
