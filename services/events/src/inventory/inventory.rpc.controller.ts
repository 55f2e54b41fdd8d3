import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CommitInventoryReply, EventsPatterns, ReleaseInventoryReply, ReserveInventoryReply } from '@eventflow/contracts';
import { InventoryService } from './inventory.service';
import { ReservationMessage, ReserveMessage } from './inventory.messages';

@Controller()
export class InventoryRpcController {
  constructor(private readonly inventory: InventoryService) {}

  @MessagePattern(EventsPatterns.reserve)
  reserve(@Payload() message: ReserveMessage): Promise<ReserveInventoryReply> {
    return this.inventory.reserve(message.evento_id, message.reserva_id, message.cantidad);
  }

  @MessagePattern(EventsPatterns.release)
  release(@Payload() message: ReservationMessage): Promise<ReleaseInventoryReply> {
    return this.inventory.release(message.evento_id, message.reserva_id);
  }

  @MessagePattern(EventsPatterns.commit)
  commit(@Payload() message: ReservationMessage): Promise<CommitInventoryReply> {
    return this.inventory.commit(message.evento_id, message.reserva_id);
  }
}
