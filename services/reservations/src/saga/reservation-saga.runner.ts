import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ReservationsEnv } from '../config/reservations.env';
import { EventCatalog } from '../ports/event-catalog.port';
import { InventoryGateway } from '../ports/inventory.port';
import { PurchaseHistory } from '../ports/purchase-history.port';
import { UserDirectory } from '../ports/user-directory.port';
import { ReservationMetrics } from '../metrics/reservation.metrics';
import { PaymentGateway } from '../ports/payment.port';
import { PurchaseLimitStore } from '../ports/purchase-limit.port';
import { SagaEngine } from '../saga-engine/saga.engine';
import { CompensationRetryPort, SagaResult, SagaStep } from '../saga-engine/saga.types';
import { CompensationScheduler } from './compensation-scheduler';
import { isTransient } from '../domain/rejection';
import { ReservationRepository } from '../database/reservation.repository';
import { Lease, LeaseLostError } from '../domain/lease';
import { ReservationDocument, ReservationState } from '../domain/reservation';
import { ReservationSagaContext, reservationSagaSteps, sagaContextOf } from './reservation.saga';
import { SagaClaims } from './saga-claims';
import { withDeadline } from './payment-deadline';
import { observedStep } from './observed-step';

export interface SagaOutcome {
  result: SagaResult;
  /** The reservation's state after the run. */
  estado: ReservationState;
  /** The run gave its lock back with its last write. */
  released: boolean;
}

/**
 * Runs the reservation saga for the HTTP path, the recovery job and the compensation queue:
 * builds the steps from the ports, the journal from the repository, and a fresh lease.
 */
@Injectable()
export class ReservationSagaRunner {
  private readonly steps: SagaStep<ReservationSagaContext>[];
  private readonly engine: SagaEngine;

  constructor(
    private readonly env: ReservationsEnv,
    private readonly repository: ReservationRepository,
    private readonly scheduler: CompensationScheduler,
    private readonly metrics: ReservationMetrics,
    private readonly claims: SagaClaims,
    limits: PurchaseLimitStore,
    users: UserDirectory,
    events: EventCatalog,
    inventory: InventoryGateway,
    payments: PaymentGateway,
    history: PurchaseHistory,
  ) {
    const payWithin = withDeadline(payments, env.paymentTimeoutMs);
    this.steps = reservationSagaSteps({ limits, users, events, inventory, payments: payWithin, history, now: () => new Date() }).map(
      (step) => observedStep(step, metrics),
    );
    this.engine = new SagaEngine(
      { now: () => new Date() },
      {
        attempts: env.STEP_ATTEMPTS,
        isTransient,
        delay: (attempt) => new Promise((resolve) => setTimeout(resolve, 25 * 2 ** (attempt - 2))),
      },
    );
  }

  newLease(): Lease {
    return { owner: randomUUID(), ms: this.env.SAGA_LEASE_MS };
  }

  /**
   * A freshly created reservation, with what the chain already knows. The run's lock fences its
   * journal; the chain took it for this lease already (with the recovery watch, in one command),
   * unless `lockTaken` is false.
   */
  async start(
    reservation: ReservationDocument,
    lease: Lease,
    known: Partial<ReservationSagaContext>,
    lockTaken = true,
  ): Promise<SagaOutcome> {
    this.metrics.increment('sagas_started');
    if (!lockTaken && !(await this.claims.lock(reservation._id, lease)))
      throw new LeaseLostError(`saga ${reservation._id.toHexString()} is already being driven`);
    let handedBack = false;
    try {
      const outcome = await this.forward(
        reservation,
        lease,
        { ...sagaContextOf(reservation, this.env.MAX_TICKETS_PER_USER), ...known },
        false,
      );
      handedBack = outcome.released;
      return outcome;
    } finally {
      // Normally handed back with the saga's last write already.
      if (!handedBack) await this.claims.release(reservation._id, lease);
    }
  }

  /** Drives a stuck pending saga forward from its log (recovery). */
  resume(reservation: ReservationDocument, lease: Lease): Promise<SagaOutcome> {
    return this.forward(reservation, lease, sagaContextOf(reservation, this.env.MAX_TICKETS_PER_USER), true);
  }

  /** Undoes every completed step (cancellation, compensation retries, recovery of a compensation). */
  async compensate(reservation: ReservationDocument, lease: Lease, retry: CompensationRetryPort = this.scheduler): Promise<SagaOutcome> {
    const journal = this.journalOf(reservation, lease);
    const result = await this.keepingLease(reservation, lease, () =>
      this.engine.compensate({
        sagaId: reservation._id.toHexString(),
        steps: this.steps,
        context: sagaContextOf(reservation, this.env.MAX_TICKETS_PER_USER),
        log: reservation.saga ?? {},
        journal,
        compensationRetry: retry,
      }),
    );
    this.count(result);
    return { result, estado: journal.state ?? reservation.estado, released: journal.released };
  }

  private async forward(
    reservation: ReservationDocument,
    lease: Lease,
    context: ReservationSagaContext,
    resumed: boolean,
  ): Promise<SagaOutcome> {
    const journal = this.journalOf(reservation, lease);
    const result = await this.keepingLease(reservation, lease, () =>
      this.engine.run({
        sagaId: context.reservaId,
        steps: this.steps,
        context,
        log: reservation.saga ?? {},
        journal,
        compensationRetry: this.scheduler,
        resumed,
      }),
    );
    this.count(result);
    return { result, estado: journal.state ?? reservation.estado, released: journal.released };
  }

  private journalOf(reservation: ReservationDocument, lease: Lease) {
    return this.repository.journal(reservation, lease, {
      stillOwned: () => this.claims.keepAlive(reservation._id, lease),
      handBack: () => this.claims.handBack(reservation._id, lease),
    });
  }

  /**
   * Renews the run's lease while it works, however long its steps take (H3): the lease only
   * says "this run is alive". A run that could not renew finds out at its next journal write.
   */
  private async keepingLease<T>(reservation: ReservationDocument, lease: Lease, work: () => Promise<T>): Promise<T> {
    const renew = () => void this.claims.keepAlive(reservation._id, lease).catch(() => undefined);
    const heartbeat = setInterval(renew, Math.max(50, Math.floor(lease.ms / 3)));
    heartbeat.unref();
    try {
      return await work();
    } finally {
      clearInterval(heartbeat);
    }
  }

  private count(result: SagaResult): void {
    switch (result.status) {
      case 'completed':
        return this.metrics.increment('sagas_confirmed');
      case 'compensated':
        return this.metrics.increment('sagas_failed');
      case 'compensation_pending':
        return this.metrics.increment('sagas_compensation_pending');
    }
  }
}
