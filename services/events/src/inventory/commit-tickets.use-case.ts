import { Injectable } from '@nestjs/common';
import type { CommitInventoryReply } from '@eventflow/contracts';
import { inventoryNotRebuilt } from './inventory.errors';
import { InventoryRebuild } from './inventory-rebuild';
import { InventoryStore } from './inventory.store';
import { LedgerRepository } from './ledger.repository';

/** The saga's confirmation: held tickets become sold. Redis, ledger, replay (see ReserveTicketsUseCase). */
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
        await this.rebuild.withRebuild(eventoId, () => this.store.commit(eventoId, reservaId));
        return { committed: true };
      case 'RELEASED':
      case 'UNKNOWN':
        return { committed: false };
      case 'REBUILD':
        throw inventoryNotRebuilt();
    }
  }
}
