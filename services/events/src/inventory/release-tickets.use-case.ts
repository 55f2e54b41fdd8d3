import { Injectable, Logger } from '@nestjs/common';
import type { ReleaseInventoryReply } from '@eventflow/contracts';
import { inventoryNotRebuilt } from './inventory.errors';
import { InventoryRebuild } from './inventory-rebuild';
import { InventoryStore } from './inventory.store';
import { LedgerRepository } from './ledger.repository';

/**
 * Gives tickets back: a hold (the saga's compensation) or sold tickets (a fan's cancellation).
 * Redis first, then the ledger, then the same idempotent script again (see ReserveTicketsUseCase).
 * A ledger write that fails leaves the release applied in Redis, which only ever under-sells,
 * and the caller's retry writes the ledger.
 */
@Injectable()
export class ReleaseTicketsUseCase {
  private readonly logger = new Logger(ReleaseTicketsUseCase.name);

  constructor(
    private readonly store: InventoryStore,
    private readonly ledger: LedgerRepository,
    private readonly rebuild: InventoryRebuild,
  ) {}

  async execute(eventoId: string, reservaId: string): Promise<ReleaseInventoryReply> {
    const first = await this.rebuild.withRebuild(eventoId, () => this.store.release(eventoId, reservaId));
    if (first === 'EVENT_NOT_FOUND') return { released: false, disponibles: 0 };
    switch (first.outcome) {
      case 'RELEASED':
      case 'ALREADY':
        await this.ledger.append('release', eventoId, reservaId, first.qty);
        await this.rebuild.withRebuild(eventoId, () => this.store.release(eventoId, reservaId));
        return { released: first.outcome === 'RELEASED', disponibles: Math.max(0, first.avail) };
      case 'CANCELLED':
      case 'ALREADY_CANCELLED':
        // Sold tickets given back by a fan's cancellation: recorded as their own ledger kind.
        await this.ledger.append('cancel', eventoId, reservaId, first.qty);
        await this.rebuild.withRebuild(eventoId, () => this.store.release(eventoId, reservaId));
        return { released: first.outcome === 'CANCELLED', disponibles: Math.max(0, first.avail) };
      case 'UNKNOWN':
        await this.settleUnknownRelease(eventoId, reservaId);
        return { released: false, disponibles: Math.max(0, first.avail) };
      case 'REBUILD':
        throw inventoryNotRebuilt();
    }
  }

  /**
   * Redis held nothing for the reservation (it has left a tombstone now). The ledger records the
   * release whatever it knows (H1), so a rebuild keeps the tombstone: with the reserve's quantity
   * when its write landed although the caller was told it failed, with 0 when it never did (a
   * reserve still on its way then finds it released). Sold tickets Redis lost are cancelled.
   */
  private async settleUnknownRelease(eventoId: string, reservaId: string): Promise<void> {
    const kinds = await this.ledger.kindsOf(reservaId);
    if (kinds.has('release') || kinds.has('cancel')) return;
    if (kinds.has('commit')) {
      await this.ledger.append('cancel', eventoId, reservaId, kinds.get('commit')!);
      return;
    }
    const qty = kinds.get('reserve') ?? 0;
    await this.ledger.append('release', eventoId, reservaId, qty);
    if (qty > 0) this.logger.warn({ eventoId, reservaId }, 'released a reservation only the ledger knew about');
  }
}
