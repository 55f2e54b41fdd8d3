import { Injectable } from '@nestjs/common';
import type { CommitInventoryReply } from '@eventflow/contracts';
import { inventoryNotRebuilt } from './inventory.errors';
import { InventoryRebuild } from './inventory-rebuild';
import { InventoryStore } from './inventory.store';
import { LedgerRepository } from './ledger.repository';

/**
 * The saga's confirmation: held tickets become sold, in Redis, then in the ledger. Unlike a reserve
 * it needs no replay: a rebuild racing it (from a ledger read before the commit row landed) brings
 * the reservation back as held, which takes the same tickets off sale as sold ones do, and the
 * reconciliation turns it into sold from the ledger; nothing can be sold twice meanwhile.
 */
@Injectable()
export class CommitTicketsUseCase {
  constructor(
    private readonly store: InventoryStore,
    private readonly ledger: LedgerRepository,
    private readonly rebuild: InventoryRebuild,
  ) {}

  async execute(eventoId: string, reservaId: string): Promise<CommitInventoryReply> {
    const first = await this.rebuild.withRebuild(eventoId, () => this.store.commit(eventoId, reservaId));
    if (first === 'EVENT_NOT_FOUND') return { committed: false };
    switch (first.outcome) {
      case 'COMMITTED':
      case 'ALREADY':
        await this.ledger.append('commit', eventoId, reservaId, first.qty);
        return { committed: true };
      case 'RELEASED':
      case 'UNKNOWN':
        return { committed: false };
      case 'REBUILD':
        throw inventoryNotRebuilt();
    }
  }
}
