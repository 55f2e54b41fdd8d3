import { Injectable, Logger } from '@nestjs/common';
import { EventsEnv } from '../config/events.env';
import { EventRepository } from '../events/event.repository';
import { InventoryService } from './inventory.service';
import { InventoryStore } from './inventory.store';
import { LedgerRepository } from './ledger.repository';

export interface ReconciliationResult {
  checked: number;
  repairs: number;
}

/**
 * Compares each active event's Redis inventory with the ledger and repairs Redis towards the
 * ledger (capacity and state from the event, every hold, the held/sold totals, the counter).
 * Holds changed within RECONCILE_GRACE_MS are left alone: they may be operations in flight.
 */
@Injectable()
export class ReconcileInventoryJob {
  private readonly logger = new Logger(ReconcileInventoryJob.name);

  constructor(
    private readonly env: EventsEnv,
    private readonly events: EventRepository,
    private readonly ledger: LedgerRepository,
    private readonly store: InventoryStore,
    private readonly inventory: InventoryService,
  ) {}

  async run(): Promise<ReconciliationResult> {
    const active = await this.events.activeIds();
    const repaired = new Map<string, number>();
    for (const event of active) {
      if (await this.agrees(event.id, event.aforo_total, event.estado)) continue;
      const holds = await this.ledger.holdsOf(event.id);
      const outcome = await this.store.reconcile(event.id, event.aforo_total, event.estado, this.env.RECONCILE_GRACE_MS, holds);
      if (outcome === 'REBUILD') {
        await this.inventory.rebuild(event.id);
        repaired.set(event.id, 1);
        this.logger.warn({ eventoId: event.id, repairs: ['counter missing->rebuilt from the ledger'] }, 'inventory repaired');
      } else if (outcome.length > 0) {
        repaired.set(event.id, outcome.length);
        this.logger.warn({ eventoId: event.id, repairs: outcome }, 'inventory repaired');
      }
    }
    await this.store.recordReconciliation(repaired);
    const repairs = [...repaired.values()].reduce((sum, n) => sum + n, 0);
    return { checked: active.length, repairs };
  }

  /**
   * The cheap check first (one aggregation, one script): only an event whose totals disagree
   * is compared hold by hold, which reads its whole ledger.
   */
  private async agrees(eventoId: string, aforo: number, estado: string): Promise<boolean> {
    const [live, totals] = await Promise.all([this.store.read(eventoId), this.ledger.totals(eventoId)]);
    if (!live) return false;
    const held = totals.reserved - totals.released - totals.committed;
    return live.aforo === aforo && live.estado === estado && live.held === held && live.sold === totals.committed && live.avail === aforo - held - totals.committed;
  }
}
