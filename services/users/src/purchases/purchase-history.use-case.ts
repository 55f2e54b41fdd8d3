import { Injectable } from '@nestjs/common';
import type { AppendPurchaseReply, AppendPurchaseRequest, RemovePurchaseReply, RemovePurchaseRequest } from '@eventflow/contracts';
import { ProfileCache } from '../profile/profile.cache';
import { UserRepository } from '../users/user.repository';
import { UserWriteLock } from '../users/user-write.lock';

/**
 * The saga's step 5 and its compensation; both idempotent by reserva_id, and final once removed:
 * a removal leaves a tombstone that a late append respects, so a saga run overtaken by its own
 * compensation cannot bring the purchase back. Writes to one user take turns across instances
 * (see UserWriteLock): a fan's concurrent reservations must not lose each other's entries on FerretDB.
 */
@Injectable()
export class PurchaseHistoryUseCase {
  constructor(
    private readonly users: UserRepository,
    private readonly cache: ProfileCache,
    private readonly writes: UserWriteLock,
  ) {}

  async append(request: AppendPurchaseRequest): Promise<AppendPurchaseReply> {
    const result = await this.writes.run(request.usuario_id, () =>
      this.users.appendPurchase(request.usuario_id, {
        evento_id: request.evento_id,
        reserva_id: request.reserva_id,
        cantidad: request.cantidad,
        monto: request.monto,
        fecha_compra: new Date(request.fecha_compra),
      }),
    );
    if (result.applied) await this.cache.invalidate(request.usuario_id);
    return result;
  }

  async remove(request: RemovePurchaseRequest): Promise<RemovePurchaseReply> {
    const result = await this.writes.run(request.usuario_id, () => this.users.removePurchase(request.usuario_id, request.reserva_id));
    if (result.removed) await this.cache.invalidate(request.usuario_id);
    return result;
  }
}
