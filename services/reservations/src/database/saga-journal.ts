import { mongo } from 'mongoose';
import { Lease, LeaseLostError } from '../domain/lease';
import { failureReasonOf } from '../domain/rejection';
import { ReservationDocument, ReservationState } from '../domain/reservation';
import { nextState, releasesLease } from '../domain/reservation-state';
import { SagaJournal, SagaTransition } from '../saga-engine/saga.types';

/** How a journal write is fenced by the run's lock: kept for the next write, or handed back with the last one. */
export interface LeaseFence {
  stillOwned(): Promise<boolean>;
  handBack(): Promise<boolean>;
}

/**
 * The journal of one saga run: one `updateOne` by `_id` per transition, each fenced by
 * `stillOwned` (the run's Redis lock): a run that lost its lease cannot write any more.
 */
export class ReservationSagaJournal implements SagaJournal {
  private current: ReservationState | undefined;
  private handedBack = false;

  constructor(
    private readonly collection: mongo.Collection<ReservationDocument>,
    private readonly reservation: Pick<ReservationDocument, '_id' | 'cancelacion'>,
    private readonly lease: Lease,
    private readonly fence: LeaseFence,
    private readonly fenceInFilter = false,
  ) {}

  /** The run's lease was handed back with its last write: nothing is left to release. */
  get released(): boolean {
    return this.handedBack;
  }

  /** The reservation's state after the last transition this run wrote. */
  get state(): ReservationState | undefined {
    return this.current;
  }

  async record(transition: SagaTransition): Promise<void> {
    const now = new Date();
    const cancellation = this.reservation.cancelacion === true;
    const set: Record<string, unknown> = { actualizada: now, lease_until: new Date(now.getTime() + this.lease.ms) };
    for (const [name, record] of Object.entries(transition.steps)) set[`saga.${name}`] = record;
    const next = nextState(transition.phase, cancellation);
    if (next) set.estado = next;
    if (transition.failure && !cancellation) set.motivo = failureReasonOf(transition.failure.error);
    // Give the lease back at once when the run is over or other workers (the compensation queue)
    // take over: the owner-checked release is this write's fence, one Redis command instead of two.
    const handsBack = releasesLease(transition.phase, next);
    if (handsBack) set.lease_until = now;
    const lost = () => new LeaseLostError(`saga ${this.reservation._id.toHexString()} is now driven by another run`);
    if (!(await (handsBack ? this.fence.handBack() : this.fence.stillOwned()))) throw lost();
    this.handedBack ||= handsBack;
    const filter = this.fenceInFilter ? { _id: this.reservation._id, lease_owner: this.lease.owner } : { _id: this.reservation._id };
    const result = await this.collection.updateOne(filter, { $set: set });
    if (result.matchedCount === 0) throw lost();
    if (next) this.current = next;
  }
}
