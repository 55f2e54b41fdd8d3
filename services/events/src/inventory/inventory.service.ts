import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { CommitInventoryReply, EventState, ReleaseInventoryReply, ReserveInventoryReply } from '@eventflow/contracts';
import { DependencyUnavailableError, DomainError } from '@eventflow/errors';
import { EventRepository } from '../events/event.repository';
import { InventoryAnswer, InventoryStore, LiveInventory } from './inventory.store';
import { LedgerRepository } from './ledger.repository';

const REBUILD_LOCK_MS = 10_000;
const REBUILD_WAIT_MS = 5_000;
const MAX_ATTEMPTS = 4;

export interface InventoryReport {
  aforo_total: number;
  vendidas: number;
  retenidas: number;
  disponibles: number;
  /** What Redis enforces right now. */
  contador: { disponibles: number; vendidas: number; retenidas: number };
  /** Whether the Redis counter agrees with the ledger. */
  consistente: boolean;
  /** Repairs the reconciliation job made to this event, and its totals across all events. */
  reconciliacion: { reparaciones_evento: number; reparaciones_total: number; ejecuciones: number; ultima_ejecucion: string | null };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reserve, release and commit tickets. Redis (one Lua script per operation) is the fast,
 * atomic gate; the MongoDB ledger is the durable truth. The ordering, per operation:
 *
 * 1. Run the script in Redis (check-and-decrement for a reserve). A rejection costs no MongoDB write.
 * 2. Append the movement to the ledger (unique per reserva_id + kind: a retry is a duplicate, i.e. success).
 *    If that fails, a fresh reserve is undone in Redis and the caller gets 503, so nothing is
 *    held that the ledger does not know about; a release or commit stays applied in Redis
 *    (which only ever under-sells) and the caller's retry writes the ledger.
 * 3. Run the same idempotent script again. If Redis was flushed and rebuilt from a ledger
 *    snapshot taken before step 2 landed, this re-applies the movement with the same checks
 *    (a reserve that no longer fits is released in the ledger and answered SOLD_OUT), so a
 *    rebuild racing an operation can neither lose nor double count it.
 *
 * A missing counter (REBUILD) is rebuilt under a per-event lock from aforo_total minus the
 * held and sold tickets in the ledger; everyone else waits for it and retries.
 */
@Injectable()
export class InventoryService {
  private readonly logger = new Logger(InventoryService.name);

  constructor(
    private readonly store: InventoryStore,
    private readonly ledger: LedgerRepository,
    private readonly events: EventRepository,
  ) {}

  async reserve(eventoId: string, reservaId: string, cantidad: number): Promise<ReserveInventoryReply> {
    const first = await this.withRebuild(eventoId, () => this.store.reserve(eventoId, reservaId, cantidad));
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
        throw new DependencyUnavailableError('inventory', 'inventory could not be rebuilt');
    }
    try {
      await this.ledger.append('reserve', eventoId, reservaId, first.qty);
    } catch (error) {
      if (first.outcome === 'TAKEN') await this.undo(eventoId, reservaId);
      throw new DependencyUnavailableError('MongoDB', 'the inventory ledger is unavailable; try again shortly', 5, { cause: error });
    }
    const replay = await this.withRebuild(eventoId, () => this.store.reserve(eventoId, reservaId, first.qty));
    if (replay === 'EVENT_NOT_FOUND') throw new DependencyUnavailableError('MongoDB', 'event vanished during a reserve');
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
    if (replay.outcome === 'RELEASED') return { reserved: false, reason: 'RESERVATION_RELEASED', disponibles: Math.max(0, replay.avail) };
    return { reserved: true, disponibles: Math.max(0, replay.avail) };
  }

  async release(eventoId: string, reservaId: string): Promise<ReleaseInventoryReply> {
    const first = await this.withRebuild(eventoId, () => this.store.release(eventoId, reservaId));
    if (first === 'EVENT_NOT_FOUND') return { released: false, disponibles: 0 };
    switch (first.outcome) {
      case 'RELEASED':
      case 'ALREADY':
        await this.ledger.append('release', eventoId, reservaId, first.qty);
        await this.withRebuild(eventoId, () => this.store.release(eventoId, reservaId));
        return { released: first.outcome === 'RELEASED', disponibles: Math.max(0, first.avail) };
      case 'CANCELLED':
      case 'ALREADY_CANCELLED':
        // Sold tickets given back by a fan's cancellation: recorded as their own ledger kind.
        await this.ledger.append('cancel', eventoId, reservaId, first.qty);
        await this.withRebuild(eventoId, () => this.store.release(eventoId, reservaId));
        return { released: first.outcome === 'CANCELLED', disponibles: Math.max(0, first.avail) };
      case 'UNKNOWN':
        await this.settleUnknownRelease(eventoId, reservaId);
        return { released: false, disponibles: Math.max(0, first.avail) };
      case 'REBUILD':
        throw new DependencyUnavailableError('inventory', 'inventory could not be rebuilt');
    }
  }

  async commit(eventoId: string, reservaId: string): Promise<CommitInventoryReply> {
    const first = await this.withRebuild(eventoId, () => this.store.commit(eventoId, reservaId));
    if (first === 'EVENT_NOT_FOUND') return { committed: false };
    switch (first.outcome) {
      case 'COMMITTED':
      case 'ALREADY':
        await this.ledger.append('commit', eventoId, reservaId, first.qty);
        await this.withRebuild(eventoId, () => this.store.commit(eventoId, reservaId));
        return { committed: true };
      case 'RELEASED':
      case 'UNKNOWN':
        return { committed: false };
      case 'REBUILD':
        throw new DependencyUnavailableError('inventory', 'inventory could not be rebuilt');
    }
  }

  /** Sets up a new event's counter; a failure is repaired lazily by the first rebuild. */
  async initialize(eventoId: string, aforo: number, estado: EventState): Promise<void> {
    await this.store.install(eventoId, '', aforo, estado, []);
  }

  /** Live availability for reads; rebuilds a missing counter. */
  async available(eventoId: string): Promise<number | undefined> {
    const live = await this.live(eventoId);
    return live && Math.max(0, live.avail);
  }

  async live(eventoId: string): Promise<LiveInventory | undefined> {
    const answer = await this.withRebuild(eventoId, async () => {
      const live = await this.store.read(eventoId);
      return live ? { outcome: 'OK' as const, live } : { outcome: 'REBUILD' as const };
    });
    if (answer === 'EVENT_NOT_FOUND') return undefined;
    if (answer.outcome === 'REBUILD')
      throw new DependencyUnavailableError('inventory', 'inventory could not be rebuilt; try again shortly');
    return answer.live;
  }

  /**
   * Changes capacity. Whatever restricts sales happens first: a shrink is checked against
   * held + sold and applied in Redis before MongoDB; a grow is written to MongoDB before Redis.
   */
  async resize(eventoId: string, current: number, aforo: number): Promise<void> {
    if (aforo === current) return;
    if (aforo > current) {
      if (!(await this.events.setCapacity(eventoId, current, aforo))) throw concurrentChange();
      await this.withRebuild(eventoId, () => this.store.resize(eventoId, aforo));
      return;
    }
    const shrink = await this.withRebuild(eventoId, () => this.store.resize(eventoId, aforo));
    if (shrink === 'EVENT_NOT_FOUND') throw new DomainError('EVENT.NOT_FOUND', 'Event not found', 'not_found');
    if (shrink.outcome === 'TOO_SMALL') {
      throw new DomainError(
        'EVENT.CAPACITY_BELOW_SOLD',
        `aforo_total cannot go below the ${shrink.held + shrink.sold} tickets already sold or held`,
        'conflict',
        {
          vendidas: shrink.sold,
          retenidas: shrink.held,
        },
      );
    }
    let saved = false;
    try {
      saved = await this.events.setCapacity(eventoId, current, aforo);
    } finally {
      if (!saved) await this.store.resize(eventoId, shrink.previous).catch(() => undefined);
    }
    if (!saved) throw concurrentChange();
  }

  /** Cancelling stops new reservations in Redis first, then records it in MongoDB. */
  async cancel(eventoId: string): Promise<void> {
    const result = await this.withRebuild(eventoId, () => this.store.setState(eventoId, 'cancelado'));
    try {
      await this.events.setState(eventoId, 'cancelado');
    } catch (error) {
      if (result !== 'EVENT_NOT_FOUND' && result.previous) await this.store.setState(eventoId, result.previous).catch(() => undefined);
      throw error;
    }
  }

  async report(eventoId: string, aforo: number): Promise<InventoryReport> {
    const [live, totals, stats] = await Promise.all([
      this.live(eventoId),
      this.ledger.totals(eventoId),
      this.store.reconciliationStats(eventoId),
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

  /** Rebuilds the event's Redis inventory from MongoDB; false when the event does not exist. */
  async rebuild(eventoId: string): Promise<boolean> {
    const token = randomUUID();
    if (!(await this.store.lockRebuild(eventoId, token, REBUILD_LOCK_MS))) {
      await this.waitForRebuild(eventoId);
      return true;
    }
    let installed = false;
    try {
      const event = await this.events.findById(eventoId);
      if (!event) return false;
      // Read after taking the lock: every ledger write that completed before this point is counted.
      const holds = await this.ledger.holdsOf(eventoId);
      const outcome = await this.store.install(eventoId, token, event.aforo_total, event.estado, holds);
      installed = outcome !== 'LOST_LOCK';
      if (outcome === 'INSTALLED') this.logger.warn({ eventoId, holds: holds.length }, 'inventory rebuilt from the ledger');
      return true;
    } finally {
      if (!installed) await this.store.unlockRebuild(eventoId, token).catch(() => undefined);
    }
  }

  private async waitForRebuild(eventoId: string): Promise<void> {
    const deadline = Date.now() + REBUILD_WAIT_MS;
    while (Date.now() < deadline) {
      if (!(await this.store.isRebuilding(eventoId))) return;
      await sleep(20);
    }
    throw new DependencyUnavailableError('inventory', 'inventory rebuild is taking too long; try again shortly');
  }

  private async withRebuild<T extends { outcome: string }>(eventoId: string, operation: () => Promise<T>): Promise<T | 'EVENT_NOT_FOUND'> {
    let answer = await operation();
    for (let attempt = 1; answer.outcome === 'REBUILD' && attempt < MAX_ATTEMPTS; attempt++) {
      if (!(await this.rebuild(eventoId))) return 'EVENT_NOT_FOUND';
      answer = await operation();
    }
    return answer;
  }

  private async undo(eventoId: string, reservaId: string): Promise<void> {
    try {
      await this.store.undoReserve(eventoId, reservaId);
    } catch (error) {
      // The reconciliation job removes a hold the ledger never heard of once its grace period passes.
      this.logger.error({ err: error, eventoId, reservaId }, 'could not undo a hold whose ledger write failed');
    }
  }

  /**
   * Redis does not know the reservation. If the ledger holds it anyway (its reserve write
   * landed although the caller was told it failed), record the release so the truth is settled.
   */
  private async settleUnknownRelease(eventoId: string, reservaId: string): Promise<void> {
    const kinds = await this.ledger.kindsOf(reservaId);
    const qty = kinds.get('reserve');
    if (qty !== undefined && !kinds.has('release') && !kinds.has('commit')) {
      await this.ledger.append('release', eventoId, reservaId, qty);
      this.logger.warn({ eventoId, reservaId }, 'released a reservation only the ledger knew about');
    }
  }
}

const concurrentChange = () =>
  new DomainError('EVENT.CONCURRENT_CHANGE', 'The event changed concurrently; read it again and retry', 'conflict');

export type { InventoryAnswer };
