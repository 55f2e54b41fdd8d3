import { Inject, Injectable } from '@nestjs/common';
import { RpcClient, USERS_RPC } from '@eventflow/contracts';

/** Port: whether a fan exists (users service). */
export abstract class UserDirectory {
  abstract exists(usuarioId: string): Promise<boolean>;
}

@Injectable()
export class RpcUserDirectory extends UserDirectory {
  constructor(@Inject(USERS_RPC) private readonly users: RpcClient) {
    super();
  }

  async exists(usuarioId: string): Promise<boolean> {
    return (await this.users.send('users.get', { usuario_id: usuarioId })) !== null;
  }
}
