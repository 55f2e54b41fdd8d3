import { Injectable, Logger, Optional } from '@nestjs/common';
import { RebuildOnce, RedisLock } from '@eventflow/redis';
import { EventRepository } from '../events/event.repository';
import { rebuildTakingTooLong } from './inventory.errors';
import { InventoryRestartGuard } from './inventory-restart.guard';
import { inventoryKeys, InventoryStore } from './inventory.store';
import { LedgerRepository } from './ledger.repository';

/** Renewed while the ledger is read, so that a slow scan keeps it (the review's M6). */
const REBUILD_LOCK_MS = 10_000;
const REBUILD_WAIT_MS = 5_000;
const MAX_ATTEMPTS = 4;

/**
 * A missing counter (Redis restarted or flushed: the scripts answer REBUILD) is rebuilt from
 * aforo_total minus the held and sold tickets in the ledger, by one caller under a per-event
 * lock; everyone else waits for it and retries.
 */
@Injectable()
export class InventoryRebuild {
  private readonly logger = new Logger(InventoryRebuild.name);
  private readonly once: RebuildOnce;

  constructor(
    private readonly store: InventoryStore,
    private readonly ledger: LedgerRepository,
    private readonly events: EventRepository,
    lock: RedisLock,
    // Absent only where a test drives the inventory on a Redis it never restarts.
    @Optional() private readonly restarts?: InventoryRestartGuard,
  ) {
    this.once = new RebuildOnce(lock, { lockTtlMs: REBUILD_LOCK_MS, waitMs: REBUILD_WAIT_MS });
  }

  /** Rebuilds the event's Redis inventory from MongoDB; false when the event does not exist. */
  async rebuild(eventoId: string): Promise<boolean> {
    const result = await this.once.run(inventoryKeys(eventoId).lock, (held) => this.install(eventoId, held.token));
    switch (result.outcome) {
      case 'rebuilt':
        return result.value;
      case 'waited':
        return true;
      case 'try-again':
        throw rebuildTakingTooLong();
    }
  }

  /** Runs the operation (once this Redis run is known to be reconciled), rebuilding and retrying while it answers REBUILD. */
  async withRebuild<T extends { outcome: string }>(eventoId: string, operation: () => Promise<T>): Promise<T | 'EVENT_NOT_FOUND'> {
    await this.restarts?.verified();
    let answer = await operation();
    for (let attempt = 1; answer.outcome === 'REBUILD' && attempt < MAX_ATTEMPTS; attempt++) {
      if (!(await this.rebuild(eventoId))) return 'EVENT_NOT_FOUND';
      answer = await operation();
    }
    return answer;
  }

  private async install(eventoId: string, token: string): Promise<boolean> {
    const event = await this.events.findById(eventoId);
    if (!event) return false;
    // Read after taking the lock: every ledger write that completed before this point is counted.
    const holds = await this.ledger.holdsOf(eventoId);
    // LOST_LOCK (the lock lapsed anyway) installs nothing: the caller's retry rebuilds again.
    const outcome = await this.store.install(eventoId, token, event, holds);
    if (outcome === 'INSTALLED') this.logger.warn({ eventoId, holds: holds.length }, 'inventory rebuilt from the ledger');
    return true;
  }
}
