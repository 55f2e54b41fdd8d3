export interface ChargeRequest {
  reservaId: string;
  usuarioId: string;
  montoCentavos: number;
  /** Test-only switch (honoured only when NODE_ENV=test): the provider declines this charge. */
  forceDecline?: boolean;
}

export type ChargeOutcome = 'approved' | 'declined';

/**
 * Port: the payment provider. Both calls are idempotent per reserva_id: a retried charge
 * answers the first outcome without charging twice, and a refund of a charge that never
 * happened voids it so a late charge cannot go through afterwards.
 */
export abstract class PaymentGateway {
  abstract charge(request: ChargeRequest): Promise<ChargeOutcome>;
  abstract refund(reservaId: string): Promise<void>;
}
