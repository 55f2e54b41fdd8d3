import { Injectable, Logger } from '@nestjs/common';
import type { ReserveInventoryReply } from '@eventflow/contracts';
import { errorMessage } from '@eventflow/redis';
import { eventVanished, inventoryNotRebuilt, ledgerUnavailable } from './inventory.errors';
import { InventoryRebuild } from './inventory-rebuild';
import { InventoryStore } from './inventory.store';
import { LedgerRepository } from './ledger.repository';

/**
 * The saga's reserve step. Redis (one Lua script) is the fast, atomic gate; the MongoDB ledger
 * is the durable truth. In order:
 *
 * 1. Run the script in Redis (check-and-decrement). A rejection costs no MongoDB write.
 * 2. Append the movement to the ledger (unique per reserva_id + kind: a retry is a duplicate, i.e. success).
 *    If that fails, a fresh reserve is undone in Redis and the caller gets 503, so nothing is
 *    held that the ledger does not know about.
 * 3. Run the same idempotent script again. If Redis was flushed and rebuilt from a ledger
 *    snapshot taken before step 2 landed, this re-applies the movement with the same checks
 *    (a reserve that no longer fits is released in the ledger and answered SOLD_OUT), so a
 *    rebuild racing an operation can neither lose nor double count it.
 */
@Injectable()
export class ReserveTicketsUseCase {
  private readonly logger = new Logger(ReserveTicketsUseCase.name);

  constructor(
    private readonly store: InventoryStore,
    private readonly ledger: LedgerRepository,
    private readonly rebuild: InventoryRebuild,
  ) {}

  /** `offer`: the hold is a waiting-list offer, shown apart in the inventory view. */
  async execute(eventoId: string, reservaId: string, cantidad: number, offer = false): Promise<ReserveInventoryReply> {
    if (offer) await this.store.markOffered(eventoId, reservaId);
    const first = await this.rebuild.withRebuild(eventoId, () => this.store.reserve(eventoId, reservaId, cantidad));
    if (first === 'EVENT_NOT_FOUND') return { reserved: false, reason: 'EVENT_NOT_FOUND', disponibles: 0 };
    switch (first.outcome) {
      case 'SOLD_OUT':
        return { reserved: false, reason: 'SOLD_OUT', disponibles: Math.max(0, first.avail) };
      case 'NOT_ACTIVE':
        return { reserved: false, reason: 'EVENT_NOT_ACTIVE', disponibles: Math.max(0, first.avail) };
      case 'RELEASED':
        // The same reserva_id was already released: a late retry must not take tickets again.
        return { reserved: false, reason: 'RESERVATION_RELEASED', disponibles: Math.max(0, first.avail) };
      case 'COMMITTED':
        return { reserved: true, disponibles: Math.max(0, first.avail) };
      case 'TAKEN':
      case 'HELD':
        break;
      case 'REBUILD':
        throw inventoryNotRebuilt();
    }
    try {
      await this.ledger.append('reserve', eventoId, reservaId, first.qty);
    } catch (error) {
      if (first.outcome === 'TAKEN') await this.undo(eventoId, reservaId);
      throw ledgerUnavailable(error);
    }
    const replay = await this.rebuild.withRebuild(eventoId, () => this.store.reserve(eventoId, reservaId, first.qty));
    if (replay === 'EVENT_NOT_FOUND') throw eventVanished();
    if (replay.outcome === 'SOLD_OUT' || replay.outcome === 'NOT_ACTIVE') {
      // Lost to a rebuild that could not see our ledger entry, and the tickets are gone now.
      await this.ledger.append('release', eventoId, reservaId, first.qty);
      this.logger.warn({ eventoId, reservaId }, 'reserve lost to a concurrent rebuild; released in the ledger');
      return {
        reserved: false,
        reason: replay.outcome === 'SOLD_OUT' ? 'SOLD_OUT' : 'EVENT_NOT_ACTIVE',
        disponibles: Math.max(0, replay.avail),
      };
    }
    if (replay.outcome === 'RELEASED') {
      // A release overtook this reserve (H1): its ledger row must cover the reserve row just written.
      await this.ledger.coverReserve(reservaId, first.qty);
      return { reserved: false, reason: 'RESERVATION_RELEASED', disponibles: Math.max(0, replay.avail) };
    }
    return { reserved: true, disponibles: Math.max(0, replay.avail) };
  }

  private async undo(eventoId: string, reservaId: string): Promise<void> {
    try {
      await this.store.undoReserve(eventoId, reservaId);
    } catch (error) {
      // The reconciliation job removes a hold the ledger never heard of once its grace period passes.
      this.logger.error({ err: errorMessage(error), eventoId, reservaId }, 'could not undo a hold whose ledger write failed');
    }
  }
}
