import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { InventoryModule } from '../inventory/inventory.module';
import { CachedEventReadFastPath } from './cached-event-read.fast-path';
import { CatalogService } from './catalog.service';
import { EventCache } from './event.cache';
import { EventsHttpController } from './events.http.controller';
import { EventsRpcController } from './events.rpc.controller';

@Module({
  imports: [EventsModule, InventoryModule],
  controllers: [EventsHttpController, EventsRpcController],
  providers: [CatalogService, EventCache, CachedEventReadFastPath],
})
export class CatalogModule {}
