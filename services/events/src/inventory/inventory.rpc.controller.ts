import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CommitInventoryReply, EventsPatterns, ReleaseInventoryReply, ReserveInventoryReply, StaleHoldsReply } from '@eventflow/contracts';
import { CommitTicketsUseCase } from './commit-tickets.use-case';
import { ReservationMessage, ReserveMessage, StaleHoldsMessage } from './inventory.messages';
import { StaleHolds } from './stale-holds';
import { ReleaseTicketsUseCase } from './release-tickets.use-case';
import { ReserveTicketsUseCase } from './reserve-tickets.use-case';

/** The saga's inventory steps. */
@Controller()
export class InventoryRpcController {
  constructor(
    private readonly reserveTickets: ReserveTicketsUseCase,
    private readonly releaseTickets: ReleaseTicketsUseCase,
    private readonly commitTickets: CommitTicketsUseCase,
    private readonly stale: StaleHolds,
  ) {}

  @MessagePattern(EventsPatterns.reserve)
  reserve(@Payload() message: ReserveMessage): Promise<ReserveInventoryReply> {
    return this.reserveTickets.execute(message.evento_id, message.reserva_id, message.cantidad, message.oferta === true);
  }

  @MessagePattern(EventsPatterns.release)
  release(@Payload() message: ReservationMessage): Promise<ReleaseInventoryReply> {
    return this.releaseTickets.execute(message.evento_id, message.reserva_id);
  }

  /** Holds no saga settled (for the reservations service's reconciliation of holds against reservations). */
  @MessagePattern(EventsPatterns.staleHolds)
  staleHolds(@Payload() message: StaleHoldsMessage): Promise<StaleHoldsReply> {
    return this.stale.older(message.older_than_ms);
  }

  @MessagePattern(EventsPatterns.commit)
  commit(@Payload() message: ReservationMessage): Promise<CommitInventoryReply> {
    return this.commitTickets.execute(message.evento_id, message.reserva_id);
  }
}
