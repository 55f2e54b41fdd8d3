import { Inject, Injectable } from '@nestjs/common';
import { RpcClient, USERS_RPC } from '@eventflow/contracts';
import { UserDirectory } from '../ports/user-directory.port';

@Injectable()
export class RpcUserDirectory extends UserDirectory {
  constructor(@Inject(USERS_RPC) private readonly users: RpcClient) {
    super();
  }

  async exists(usuarioId: string): Promise<boolean> {
    return (await this.users.send('users.get', { usuario_id: usuarioId })) !== null;
  }
}
