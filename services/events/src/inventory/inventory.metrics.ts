import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { MetricsRegistry } from '@eventflow/metrics';
import { EventRepository } from '../events/event.repository';
import { InventoryStore, LiveInventory } from './inventory.store';
import { ReconciliationStats } from './reconciliation-stats';

/** Enough series for any on-sale day; a catalog larger than this shows its first events only. */
export const MAX_EVENTS_EXPOSED = 500;

/**
 * The inventory of every active event as Redis enforces it, and the reconciliation's repairs
 * (shared by all instances, so every instance shows the same totals). Read at scrape time only:
 * one MongoDB query for the active ids, one Redis script per event.
 */
@Injectable()
export class InventoryMetrics implements OnModuleInit {
  constructor(
    private readonly events: EventRepository,
    private readonly store: InventoryStore,
    private readonly stats: ReconciliationStats,
    @Optional() private readonly registry?: MetricsRegistry,
  ) {}

  onModuleInit(): void {
    if (!this.registry) return;
    const registers = [this.registry];
    // Each scrape reads the inventory once; the gauges below share that read.
    let reading: Promise<Map<string, LiveInventory>> | undefined;
    const snapshot = () => (reading ??= this.readAll().finally(() => setImmediate(() => (reading = undefined))));
    new Gauge({
      name: 'eventflow_inventory_tickets',
      help: 'Tickets of each active event by state (available, held, sold, capacity), as Redis enforces them',
      labelNames: ['evento_id', 'state'],
      registers,
      async collect() {
        this.reset();
        for (const [evento_id, live] of await snapshot()) {
          this.set({ evento_id, state: 'available' }, live.avail);
          this.set({ evento_id, state: 'held' }, live.held);
          this.set({ evento_id, state: 'sold' }, live.sold);
          this.set({ evento_id, state: 'capacity' }, live.aforo);
        }
      },
    });
    new Gauge({
      name: 'eventflow_inventory_consistent',
      help: 'Whether available + held + sold equals the capacity in Redis (1) or not (0), per active event',
      labelNames: ['evento_id'],
      registers,
      async collect() {
        this.reset();
        for (const [evento_id, live] of await snapshot())
          this.set({ evento_id }, live.avail + live.held + live.sold === live.aforo ? 1 : 0);
      },
    });
    const stats = this.stats;
    new Counter({
      name: 'eventflow_inventory_reconciliation_repairs_total',
      help: 'Repairs the inventory reconciliation made to Redis (all instances)',
      registers,
      async collect() {
        this.reset();
        this.inc((await stats.totals()).repairs);
      },
    });
    new Counter({
      name: 'eventflow_inventory_reconciliation_runs_total',
      help: 'Inventory reconciliation runs (all instances)',
      registers,
      async collect() {
        this.reset();
        this.inc((await stats.totals()).runs);
      },
    });
  }

  private async readAll(): Promise<Map<string, LiveInventory>> {
    const ids = (await this.events.activeIds()).slice(0, MAX_EVENTS_EXPOSED);
    const lives = await Promise.all(ids.map((id) => this.store.read(id).catch(() => undefined)));
    const result = new Map<string, LiveInventory>();
    ids.forEach((id, i) => {
      const live = lives[i];
      if (live) result.set(id, live);
    });
    return result;
  }
}
