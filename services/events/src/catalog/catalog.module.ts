import { Module } from '@nestjs/common';
import { EventsEnv } from '../config/events.env';
import { EventsModule } from '../events/events.module';
import { InventoryChanges } from '../inventory/inventory-changes';
import { InventoryModule } from '../inventory/inventory.module';
import { CachedEventReadFastPath } from './cached-event-read.fast-path';
import { CatalogHttpController } from './catalog.http.controller';
import { EventCache } from './event.cache';
import { EventsRpcController } from './events.rpc.controller';
import { GetEventUseCase } from './get-event.use-case';
import { ListEventsUseCase } from './list-events.use-case';
import { LocalEventReads } from './local-event-reads';

/** The public read side: cached event JSON and catalog pages, availability always live. */
@Module({
  imports: [EventsModule, InventoryModule],
  controllers: [CatalogHttpController, EventsRpcController],
  providers: [
    EventCache,
    {
      provide: LocalEventReads,
      inject: [EventsEnv, InventoryChanges],
      useFactory: (env: EventsEnv, changes: InventoryChanges) => {
        const local = new LocalEventReads(env.EVENT_LOCAL_CACHE_MS);
        // A fan who reserved through this instance sees the new availability on the next read.
        changes.onChange((eventoId) => local.forget(eventoId));
        return local;
      },
    },
    GetEventUseCase,
    ListEventsUseCase,
    CachedEventReadFastPath,
  ],
  exports: [EventCache, LocalEventReads, GetEventUseCase],
})
export class CatalogModule {}
