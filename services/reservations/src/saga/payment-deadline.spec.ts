import { DependencyUnavailableError } from '@eventflow/errors';
import { InMemoryPayments } from '../ports/ports.fakes';
import { ChargeOutcome, PaymentGateway } from '../ports/payment.port';
import { withDeadline } from './payment-deadline';

describe(withDeadline.name, () => {
  const charge = { reservaId: 'r1', usuarioId: 'u1', montoCentavos: 100 };

  it('H3: a charge the provider never answers fails as an outage once the deadline passes', async () => {
    const silent = new (class extends PaymentGateway {
      charge = () => new Promise<ChargeOutcome>(() => undefined);
      refund = () => new Promise<void>(() => undefined);
    })();
    await expect(withDeadline(silent, 20).charge(charge)).rejects.toBeInstanceOf(DependencyUnavailableError);
    await expect(withDeadline(silent, 20).refund('r1')).rejects.toBeInstanceOf(DependencyUnavailableError);
  });

  it('answers what the provider answers within the deadline', async () => {
    const payments = new InMemoryPayments();
    expect(await withDeadline(payments, 1_000).charge(charge)).toBe('approved');
    await withDeadline(payments, 1_000).refund('r1');
    expect(payments.records.get('r1')).toBe('refunded');
  });
});
