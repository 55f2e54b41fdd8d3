import { Inject, Injectable } from '@nestjs/common';
import { AppendPurchaseRequest, RpcClient, USERS_RPC } from '@eventflow/contracts';
import { PurchaseHistory } from '../ports/purchase-history.port';

@Injectable()
export class RpcPurchaseHistory extends PurchaseHistory {
  constructor(@Inject(USERS_RPC) private readonly users: RpcClient) {
    super();
  }

  async append(purchase: AppendPurchaseRequest): Promise<boolean> {
    return (await this.users.send('users.purchases.append', purchase)).found;
  }

  async remove(usuarioId: string, reservaId: string): Promise<void> {
    await this.users.send('users.purchases.remove', { usuario_id: usuarioId, reserva_id: reservaId });
  }
}
