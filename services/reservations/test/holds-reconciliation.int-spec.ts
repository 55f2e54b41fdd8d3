import { mongo } from 'mongoose';
import { InMemoryWaitingLists } from '../src/ports/ports.fakes';
import { ReservationMetrics } from '../src/metrics/reservation.metrics';
import { ReconcileHoldsJob } from '../src/recovery/reconcile-holds.job';
import { EVENT, sagaStores, sagaSystem, USER } from './saga-system';

/** Tickets held that no saga will ever settle, found and settled against the reservations behind them (H1). */
describe(ReconcileHoldsJob.name, () => {
  const stores = sagaStores('holds_reconciliation');

  /** Every hold is old enough at once: a lease of 1 ms (the payment keeps a deadline of its own). */
  function system() {
    const s = sagaSystem(stores.connection, stores.redis, {
      env: { SAGA_LEASE_MS: 1, RECOVERY_INTERVAL_MS: 1, PAYMENT_TIMEOUT_MS: 5_000 },
    });
    const job = new ReconcileHoldsJob(s.env, s.repository, s.inventory, new ReservationMetrics(), new InMemoryWaitingLists());
    return { ...s, job };
  }

  it('H1: releases tickets held for a reservation that failed or does not exist, sells a confirmed one’s, leaves a live one alone', async () => {
    const s = system();
    const { id: confirmed } = await s.reserve(1);
    s.inventory.held.set(confirmed, 1); // Redis lost the commit
    s.inventory.sold.delete(confirmed);
    const ghost = new mongo.ObjectId().toHexString();
    await s.inventory.reserve(EVENT, ghost, 2); // a late reserve after its saga gave up
    const live = (await s.chain.run({ usuario_id: USER, evento_id: EVENT, cantidad: 1 }, s.runner.newLease())).reservaId;
    await s.inventory.reserve(EVENT, live, 1); // a saga still running
    expect(await s.job.run()).toBe(2);
    expect(s.inventory.sold.get(confirmed)).toBe(1);
    expect(s.inventory.held.has(ghost)).toBe(false);
    expect(s.inventory.held.get(live)).toBe(1);
  });
});
