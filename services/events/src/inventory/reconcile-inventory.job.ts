import { Injectable, Logger } from '@nestjs/common';
import { EventsEnv } from '../config/events.env';
import { EventRecord } from '../events/event.model';
import { EventRepository } from '../events/event.repository';
import { InventoryRebuild } from './inventory-rebuild';
import { HoldSnapshot, InventoryStore, Reconciled } from './inventory.store';
import { emptyTotals, LedgerRepository, LedgerTotals } from './ledger.repository';
import { ReconciliationStats } from './reconciliation-stats';

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
    private readonly stats: ReconciliationStats,
    private readonly rebuild: InventoryRebuild,
  ) {}

  /** One pass over every active event; a restarted Redis is reconciled with no grace period (see InventoryRestartGuard). */
  async run(graceMs = this.env.RECONCILE_GRACE_MS): Promise<ReconciliationResult> {
    const [active, ledgerTotals] = await Promise.all([this.events.activeIds(), this.ledger.totalsByEvent()]);
    const repaired = new Map<string, number>();
    for (const id of active) {
      // Read by _id right before its check and repair: never a snapshot taken at the start of a long run (C1).
      const event = await this.events.findById(id);
      if (!event || (await this.agrees(id, event, ledgerTotals.get(id)))) continue;
      const holds = await this.ledger.holdsOf(event.id);
      const outcome = await this.store.reconcile(event.id, event, graceMs, holds);
      if (outcome === 'REBUILD') {
        await this.rebuild.rebuild(event.id);
        repaired.set(event.id, 1);
        this.logger.warn({ eventoId: event.id, repairs: ['counter missing->rebuilt from the ledger'] }, 'inventory repaired');
      } else {
        const recorded = await this.recordInLedger(event.id, outcome.behind, holds);
        const repairs = [...outcome.repairs, ...recorded];
        if (repairs.length > 0) {
          repaired.set(event.id, repairs.length);
          this.logger.warn({ eventoId: event.id, repairs }, 'inventory repaired');
        }
      }
    }
    await this.stats.record(repaired);
    const repairs = [...repaired.values()].reduce((sum, n) => sum + n, 0);
    return { checked: active.length, repairs };
  }

  /**
   * Releases and cancellations Redis made whose ledger write failed (M2): the ledger catches up,
   * with the quantity it holds for the reservation (a tombstone left by a release that found
   * nothing carries none).
   */
  private async recordInLedger(eventoId: string, behind: Reconciled['behind'], holds: HoldSnapshot[]): Promise<string[]> {
    const inLedger = new Map(holds.map((hold) => [hold.reservaId, hold]));
    const recorded: string[] = [];
    for (const { reservaId, state } of behind) {
      const known = inLedger.get(reservaId);
      if (!known) continue;
      if (state === 'x' && known.state === 'h') await this.ledger.append('commit', eventoId, reservaId, known.qty);
      await this.ledger.append(state === 'r' ? 'release' : 'cancel', eventoId, reservaId, known.qty);
      recorded.push(`ledger ${reservaId} ${known.state}->${state}`);
    }
    return recorded;
  }

  /**
   * The cheap check first (the run's one ledger aggregation, one script per event): only an
   * event whose totals disagree is compared hold by hold, which reads its whole ledger.
   */
  private async agrees(eventoId: string, event: EventRecord, totals: LedgerTotals = emptyTotals()): Promise<boolean> {
    const live = await this.store.read(eventoId);
    if (!live) return false;
    const { held, sold } = LedgerRepository.heldAndSold(totals);
    const { aforo_total: aforo, estado } = event;
    return live.aforo === aforo && live.estado === estado && live.held === held && live.sold === sold && live.avail === aforo - held - sold;
  }
}
