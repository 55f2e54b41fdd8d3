import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { EventsPatterns, RefundProgressReply, RefundsPendingReply } from '@eventflow/contracts';
import { EventRepository } from '../events/event.repository';
import { RefundProgressMessage } from './cancellation.messages';
import { WithRequestId } from '../inventory/inventory.messages';

/**
 * The refunds of cancelled events: the events service only knows which cancellations are still
 * refunding and how far they got; the reservations service, which owns the reservations, does
 * the refunding (the saga's own compensations) and reports back.
 */
@Controller()
export class CancellationRpcController {
  constructor(private readonly events: EventRepository) {}

  @MessagePattern(EventsPatterns.refundsPending)
  async pending(@Payload() _message: WithRequestId): Promise<RefundsPendingReply> {
    return { eventos: (await this.events.refundsInProgress()).map((evento_id) => ({ evento_id })) };
  }

  @MessagePattern(EventsPatterns.refundProgress)
  async progress(@Payload() message: RefundProgressMessage): Promise<RefundProgressReply> {
    const { evento_id, reservas_reembolsadas, reservas_por_reembolsar, completada } = message;
    return { recorded: await this.events.recordRefundProgress(evento_id, { reservas_reembolsadas, reservas_por_reembolsar }, completada) };
  }
}
