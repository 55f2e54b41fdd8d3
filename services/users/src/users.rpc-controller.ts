import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { isObjectId } from '@eventflow/database';
import type { AppendPurchaseReply, AuthenticateFanReply, RemovePurchaseReply, UserSummary } from '@eventflow/contracts';
import { UsersPatterns } from '@eventflow/contracts';
import { GetProfileUseCase } from './profile/get-profile.use-case';
import { PurchaseHistoryUseCase } from './purchases/purchase-history.use-case';
import { FanTokenResolver } from './tokens/fan-token.resolver';
import { AppendPurchaseMessage, AuthenticateMessage, GetUserMessage, RemovePurchaseMessage } from './users.messages';

/** Internal messages for the reservations saga and for fan authentication elsewhere. */
@Controller()
export class UsersRpcController {
  constructor(
    private readonly profiles: GetProfileUseCase,
    private readonly history: PurchaseHistoryUseCase,
    private readonly tokens: FanTokenResolver,
  ) {}

  @MessagePattern(UsersPatterns.get)
  async get(@Payload() message: GetUserMessage): Promise<UserSummary | null> {
    if (!isObjectId(message.usuario_id)) return null;
    const found = await this.profiles.findStored(message.usuario_id);
    return found ? { usuario_id: found.stored.usuario_id, nombre: found.stored.nombre, apellido: found.stored.apellido } : null;
  }

  @MessagePattern(UsersPatterns.authenticate)
  async authenticate(@Payload() message: AuthenticateMessage): Promise<AuthenticateFanReply> {
    return { usuario_id: (await this.tokens.verify(message.access_token)) ?? null };
  }

  @MessagePattern(UsersPatterns.appendPurchase)
  append(@Payload() message: AppendPurchaseMessage): Promise<AppendPurchaseReply> {
    if (!isObjectId(message.usuario_id)) return Promise.resolve({ found: false, applied: false });
    return this.history.append(message);
  }

  @MessagePattern(UsersPatterns.removePurchase)
  remove(@Payload() message: RemovePurchaseMessage): Promise<RemovePurchaseReply> {
    if (!isObjectId(message.usuario_id)) return Promise.resolve({ found: false, removed: false });
    return this.history.remove(message);
  }
}
