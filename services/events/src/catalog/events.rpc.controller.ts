import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { EventsPatterns, EventSnapshot } from '@eventflow/contracts';
import { CatalogService } from './catalog.service';
import { GetEventMessage } from './event.messages';

@Controller()
export class EventsRpcController {
  constructor(private readonly catalog: CatalogService) {}

  @MessagePattern(EventsPatterns.get)
  get(@Payload() message: GetEventMessage): Promise<EventSnapshot | null> {
    return this.catalog.snapshot(message.evento_id);
  }
}
