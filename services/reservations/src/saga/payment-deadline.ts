import { DependencyUnavailableError } from '@eventflow/errors';
import { ChargeOutcome, ChargeRequest, PaymentGateway } from '../ports/payment.port';

/**
 * The payment provider with a deadline on every call (H3). A charge that did not answer in time
 * is an outage (the saga retries it: charges are idempotent per reserva_id), and a refund after it
 * voids a charge still in flight, so a late approval cannot go through.
 */
export function withDeadline(payments: PaymentGateway, ms: number): PaymentGateway {
  const within = <T>(call: Promise<T>, what: string): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new DependencyUnavailableError('payment provider', `the payment provider did not ${what} in time`, 1)),
        ms,
      );
    });
    return Promise.race([call, late]).finally(() => clearTimeout(timer));
  };
  return new (class extends PaymentGateway {
    charge(request: ChargeRequest): Promise<ChargeOutcome> {
      return within(payments.charge(request), 'answer the charge');
    }
    refund(reservaId: string): Promise<void> {
      return within(payments.refund(reservaId), 'answer the refund');
    }
  })();
}
