import { Injectable } from '@nestjs/common';
import { inventoryNotRebuilt } from './inventory.errors';
import { InventoryRebuild } from './inventory-rebuild';
import { InventoryStore, LiveInventory } from './inventory.store';
import { LedgerRepository } from './ledger.repository';
import { ReconciliationStats } from './reconciliation-stats';

export interface InventoryReport {
  aforo_total: number;
  vendidas: number;
  retenidas: number;
  /** Of `retenidas`, the tickets held by waiting-list offers (from Redis). */
  ofrecidas: number;
  disponibles: number;
  /** What Redis enforces right now. */
  contador: { disponibles: number; vendidas: number; retenidas: number };
  /** Whether the Redis counter agrees with the ledger. */
  consistente: boolean;
  /** Repairs the reconciliation job made to this event, and its totals across all events. */
  reconciliacion: { reparaciones_evento: number; reparaciones_total: number; ejecuciones: number; ultima_ejecucion: string | null };
}

/** What is on sale: live from Redis (rebuilt when missing), and for organizers set against the ledger. */
@Injectable()
export class InventoryLevels {
  constructor(
    private readonly store: InventoryStore,
    private readonly ledger: LedgerRepository,
    private readonly stats: ReconciliationStats,
    private readonly rebuild: InventoryRebuild,
  ) {}

  /** Live availability for reads; undefined when the event does not exist. */
  async available(eventoId: string): Promise<number | undefined> {
    const live = await this.live(eventoId);
    return live && Math.max(0, live.avail);
  }

  async live(eventoId: string): Promise<LiveInventory | undefined> {
    const answer = await this.rebuild.withRebuild(eventoId, async () => {
      const live = await this.store.read(eventoId);
      return live ? { outcome: 'OK' as const, live } : { outcome: 'REBUILD' as const };
    });
    if (answer === 'EVENT_NOT_FOUND') return undefined;
    if (answer.outcome === 'REBUILD') throw inventoryNotRebuilt();
    return answer.live;
  }

  async report(eventoId: string, aforo: number): Promise<InventoryReport> {
    const [live, totals, stats, ofrecidas] = await Promise.all([
      this.live(eventoId),
      this.ledger.totals(eventoId),
      this.stats.totals(eventoId),
      this.store.offered(eventoId),
    ]);
    const { held, sold } = LedgerRepository.heldAndSold(totals);
    const disponibles = aforo - held - sold;
    const contador = live
      ? { disponibles: live.avail, vendidas: live.sold, retenidas: live.held }
      : { disponibles: 0, vendidas: 0, retenidas: 0 };
    return {
      aforo_total: aforo,
      vendidas: sold,
      retenidas: held,
      ofrecidas,
      disponibles,
      contador,
      consistente:
        !!live && live.aforo === aforo && contador.disponibles === disponibles && contador.vendidas === sold && contador.retenidas === held,
      reconciliacion: {
        reparaciones_evento: stats.eventRepairs,
        reparaciones_total: stats.repairs,
        ejecuciones: stats.runs,
        ultima_ejecucion: stats.lastRun,
      },
    };
  }
}
