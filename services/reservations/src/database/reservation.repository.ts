import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { Connection, mongo } from 'mongoose';
import { isFerretDb } from '@eventflow/database';
import { HeldTicketsSource } from '../ports/purchase-limit.port';
import { Lease } from '../domain/lease';
import { LeaseFence, ReservationSagaJournal } from './saga-journal';
import { ACTIVE_STATES, FailureReason, HOLDING_STATES, ReservationDocument, ReservationState } from '../domain/reservation';

/**
 * The reservations collection. Hot-path writes go through the driver with `$set` on
 * specific paths (never whole-document saves), each fenced by the saga run's lease.
 */
@Injectable()
export class ReservationRepository extends HeldTicketsSource implements OnModuleInit {
  private readonly collection: mongo.Collection<ReservationDocument>;

  constructor(@InjectConnection() private readonly connection: Connection) {
    super();
    this.collection = connection.collection<ReservationDocument>('reservations');
  }

  /**
   * Whether journal writes carry their fence in the update filter (`{_id, lease_owner}`, L10): on
   * MongoDB that is one indexed update; FerretDB's SQLite backend would scan the whole collection
   * for any filter but `_id`, so there the run's Redis lock, checked just before, is the fence.
   */
  private fenceInFilter = false;

  async onModuleInit(): Promise<void> {
    // Not awaited: until MongoDB answers, the Redis lock alone fences (as on FerretDB).
    void this.connection
      .asPromise()
      .then((connected) => (connected.db ? isFerretDb(connected.db) : true))
      .then((ferretdb) => (this.fenceInFilter = !ferretdb))
      .catch(() => undefined);
    // Top-level keys only (FerretDB). Failing here must not stop start-up while the store warms up.
    await Promise.all([
      this.collection.createIndex({ usuario_id: 1 }),
      this.collection.createIndex({ evento_id: 1 }),
      this.collection.createIndex({ estado: 1, lease_until: 1 }),
    ]).catch(() => undefined);
  }

  async insert(document: ReservationDocument): Promise<void> {
    await this.collection.insertOne(document);
  }

  findById(id: string): Promise<ReservationDocument | null> {
    return this.collection.findOne({ _id: new mongo.ObjectId(id) });
  }

  /**
   * A fan's or an event's reservations, newest first. One query for the page and the total: on
   * FerretDB's SQLite backend every non-`_id` query reads the whole collection, so a separate
   * count doubled the cost (a fan's reservations are few; an event's, at most its capacity's worth
   * of confirmed ones plus those that failed).
   */
  async listBy(
    filter: { usuario_id: string } | { evento_id: string },
    page: number,
    limit: number,
  ): Promise<{ items: ReservationDocument[]; total: number }> {
    // By creation time: keyed reservations' ids are derived from their key, not from the clock.
    const all = await this.collection.find(filter).sort({ creada: -1, _id: -1 }).toArray();
    return { items: all.slice((page - 1) * limit, page * limit), total: all.length };
  }

  async heldTicketsForEvent(eventoId: string): Promise<{ usuarioId: string; reservaId: string; cantidad: number }[]> {
    const held = await this.collection
      .find({ evento_id: eventoId, estado: { $in: HOLDING_STATES } }, { projection: { usuario_id: 1, cantidad: 1 } })
      .toArray();
    return held.map((r) => ({ usuarioId: r.usuario_id, reservaId: r._id.toHexString(), cantidad: r.cantidad }));
  }

  /** Every reservation of an event, state and reason only (a cancelled event's refunds work through them). */
  async statesOfEvent(eventoId: string): Promise<Pick<ReservationDocument, '_id' | 'estado' | 'motivo'>[]> {
    return this.collection.find({ evento_id: eventoId }, { projection: { estado: 1, motivo: 1 } }).toArray();
  }

  /** Sagas nobody drives any more: still active, lease expired. */
  findStuck(now: Date, limit: number): Promise<ReservationDocument[]> {
    return this.collection
      .find({ estado: { $in: ACTIVE_STATES }, lease_until: { $lt: now } })
      .limit(limit)
      .toArray();
  }

  /** Takes over a saga whose lease has expired; null when someone else holds it or it moved on. */
  claim(id: mongo.ObjectId, states: ReservationState[], lease: Lease, now = new Date()): Promise<ReservationDocument | null> {
    return this.collection.findOneAndUpdate(
      { _id: id, estado: { $in: states }, lease_until: { $lt: now } },
      { $set: { lease_owner: lease.owner, lease_until: new Date(now.getTime() + lease.ms), actualizada: now } },
      { returnDocument: 'after' },
    );
  }

  /** confirmada → cancelando, atomically: only one caller gets to run the cancellation. */
  /** confirmada → cancelando, for one caller only; `motivo` says why when it was not the fan's choice. */
  beginCancellation(id: string, lease: Lease, motivo?: FailureReason, now = new Date()): Promise<ReservationDocument | null> {
    return this.collection.findOneAndUpdate(
      { _id: new mongo.ObjectId(id), estado: 'confirmada' },
      {
        $set: {
          estado: 'cancelando',
          cancelacion: true,
          ...(motivo && { motivo }),
          lease_owner: lease.owner,
          lease_until: new Date(now.getTime() + lease.ms),
          actualizada: now,
        },
      },
      { returnDocument: 'after' },
    );
  }

  async markRequiresIntervention(id: string): Promise<boolean> {
    const result = await this.collection.updateOne(
      { _id: new mongo.ObjectId(id), estado: 'compensando' },
      { $set: { estado: 'requiere_intervencion', actualizada: new Date() } },
    );
    return result.modifiedCount === 1;
  }

  /** requiere_intervencion → compensando (an operator re-drives it); false when it is not waiting for one. */
  async resumeCompensation(id: string): Promise<boolean> {
    const result = await this.collection.updateOne(
      { _id: new mongo.ObjectId(id), estado: 'requiere_intervencion' },
      { $set: { estado: 'compensando', actualizada: new Date() } },
    );
    return result.modifiedCount === 1;
  }

  /** Active sagas whose lease expired before `before`: recovery should have finished them (metrics). */
  countStuckSince(before: Date): Promise<number> {
    return this.collection.countDocuments({ estado: { $in: ACTIVE_STATES }, lease_until: { $lt: before } });
  }

  countInState(estado: ReservationState): Promise<number> {
    return this.collection.countDocuments({ estado });
  }

  /** The journal of one saga run over this reservation (see ReservationSagaJournal). */
  journal(reservation: Pick<ReservationDocument, '_id' | 'cancelacion'>, lease: Lease, fence: LeaseFence): ReservationSagaJournal {
    return new ReservationSagaJournal(this.collection, reservation, lease, fence, this.fenceInFilter);
  }
}
