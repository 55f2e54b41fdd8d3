import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { EventsPatterns, EventSnapshot } from '@eventflow/contracts';
import { GetEventUseCase } from './get-event.use-case';
import { GetEventMessage } from './event.messages';

@Controller()
export class EventsRpcController {
  constructor(private readonly getEvent: GetEventUseCase) {}

  @MessagePattern(EventsPatterns.get)
  get(@Payload() message: GetEventMessage): Promise<EventSnapshot | null> {
    return this.getEvent.snapshot(message.evento_id);
  }
}
