/** Internal messages served by the users service. Field names follow the public contract. */
export const UsersPatterns = {
  get: 'users.get',
  authenticate: 'users.authenticate',
  appendPurchase: 'users.purchases.append',
  removePurchase: 'users.purchases.remove',
} as const;

export interface GetUserRequest {
  usuario_id: string;
}

/** Present when the user exists; `null` otherwise. */
export interface UserSummary {
  usuario_id: string;
  nombre: string;
  apellido: string;
}

export interface AuthenticateFanRequest {
  access_token: string;
}

export interface AuthenticateFanReply {
  usuario_id: string | null;
}

export interface AppendPurchaseRequest {
  usuario_id: string;
  reserva_id: string;
  evento_id: string;
  cantidad: number;
  /** Amount in the event's currency, two decimals. */
  monto: number;
  /** ISO-8601; fixed by the caller (the reservation's time) so that a retried append writes the same entry. */
  fecha_compra: string;
}

/** `applied` is false when the purchase was already recorded (idempotent retry). */
export interface AppendPurchaseReply {
  found: boolean;
  applied: boolean;
}

export interface RemovePurchaseRequest {
  usuario_id: string;
  reserva_id: string;
}

export interface RemovePurchaseReply {
  found: boolean;
  removed: boolean;
}
