import { AppendPurchaseRequest } from '@eventflow/contracts';

/** Port: the fan's purchase history (users service); both calls are idempotent by reserva_id. */
export abstract class PurchaseHistory {
  /** Resolves to false when the fan does not exist. */
  abstract append(purchase: AppendPurchaseRequest): Promise<boolean>;
  abstract remove(usuarioId: string, reservaId: string): Promise<void>;
}
