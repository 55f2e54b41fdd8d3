import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { isDuplicateKeyError } from '@eventflow/database';
import { HoldSnapshot, HoldState } from './inventory.store';
import { LedgerEntry, LedgerKind } from './ledger.schema';

export interface LedgerTotals {
  reserved: number;
  released: number;
  committed: number;
  /** Sold tickets given back by a cancellation (a subset of committed). */
  cancelled: number;
}

export const STATE_OF: Record<LedgerKind, HoldState> = { reserve: 'h', release: 'r', commit: 'c', cancel: 'x' };
// A commit or a release supersedes the reserve (Redis never lets both happen to one
// reservation); a cancellation supersedes the commit.
export const RANK: Record<HoldState, number> = { u: -1, h: 0, r: 1, c: 2, x: 3 };

export const emptyTotals = (): LedgerTotals => ({ reserved: 0, released: 0, committed: 0, cancelled: 0 });

@Injectable()
export class LedgerRepository implements OnModuleInit {
  constructor(@InjectModel(LedgerEntry.name) private readonly model: Model<LedgerEntry>) {}

  async onModuleInit(): Promise<void> {
    // The unique index must exist before the first write relies on it.
    await this.model.init();
  }

  /** Appends a movement; `false` when it was already recorded (a retry). */
  async append(kind: LedgerKind, eventoId: string, reservaId: string, cantidad: number): Promise<boolean> {
    try {
      await this.model.collection.insertOne({ reserva_id: reservaId, kind, evento_id: eventoId, cantidad, created_at: new Date() });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /**
   * A release recorded before its reserve (a release that found nothing, then the reserve's late
   * write): the release takes the reserve's quantity, so the totals say nothing is held (H1).
   * Rare, so the filter on two fields (a scan on FerretDB's SQLite backend) is acceptable.
   */
  async coverReserve(reservaId: string, cantidad: number): Promise<void> {
    await this.model.collection.updateOne({ reserva_id: reservaId, kind: 'release' }, { $max: { cantidad } });
  }

  /** The reservation's movements, used to settle a release Redis knows nothing about. */
  async kindsOf(reservaId: string): Promise<Map<LedgerKind, number>> {
    const rows = await this.model.collection.find({ reserva_id: reservaId }, { projection: { kind: 1, cantidad: 1 } }).toArray();
    return new Map(rows.map((row) => [row.kind as LedgerKind, row.cantidad as number]));
  }

  /** Every reservation of the event in its latest state, as Redis should hold it. */
  async holdsOf(eventoId: string): Promise<HoldSnapshot[]> {
    const rows = await this.model.collection
      .find({ evento_id: eventoId }, { projection: { _id: 0, reserva_id: 1, kind: 1, cantidad: 1, created_at: 1 } })
      .toArray();
    const byReservation = new Map<string, HoldSnapshot>();
    for (const row of rows) {
      const state = STATE_OF[row.kind as LedgerKind];
      const at = new Date(row.created_at as Date).getTime();
      const known = byReservation.get(row.reserva_id as string);
      if (!known || RANK[state] > RANK[known.state]) {
        byReservation.set(row.reserva_id as string, {
          reservaId: row.reserva_id as string,
          state,
          qty: row.cantidad as number,
          at: Math.max(at, known?.at ?? 0),
        });
      } else {
        known.at = Math.max(known.at, at);
      }
    }
    return [...byReservation.values()];
  }

  /** Tickets held by reservations in flight, and tickets sold (committed and not cancelled). */
  static heldAndSold(totals: LedgerTotals): { held: number; sold: number } {
    return { held: totals.reserved - totals.released - totals.committed, sold: totals.committed - totals.cancelled };
  }

  async totals(eventoId: string): Promise<LedgerTotals> {
    return (await this.totalsWhere({ evento_id: eventoId })).get(eventoId) ?? emptyTotals();
  }

  /**
   * Every event's totals in ONE pass over the ledger: FerretDB's SQLite backend scans the
   * collection for any filter but `_id`, so per-event aggregations would scan it once per event.
   */
  async totalsByEvent(): Promise<Map<string, LedgerTotals>> {
    return this.totalsWhere({});
  }

  private async totalsWhere(match: Record<string, unknown>): Promise<Map<string, LedgerTotals>> {
    const rows = await this.model.collection
      .aggregate<{ _id: { evento_id: string; kind: LedgerKind }; total: number }>([
        { $match: match },
        { $group: { _id: { evento_id: '$evento_id', kind: '$kind' }, total: { $sum: '$cantidad' } } },
      ])
      .toArray();
    const byEvent = new Map<string, LedgerTotals>();
    for (const row of rows) {
      const totals = byEvent.get(row._id.evento_id) ?? emptyTotals();
      byEvent.set(row._id.evento_id, totals);
      if (row._id.kind === 'reserve') totals.reserved = row.total;
      else if (row._id.kind === 'release') totals.released = row.total;
      else if (row._id.kind === 'cancel') totals.cancelled = row.total;
      else totals.committed = row.total;
    }
    return byEvent;
  }

  async count(eventoId: string, kind: LedgerKind): Promise<number> {
    return this.model.collection.countDocuments({ evento_id: eventoId, kind });
  }
}
