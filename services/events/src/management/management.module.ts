import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { EventsModule } from '../events/events.module';
import { InventoryModule } from '../inventory/inventory.module';
import { CreateEventUseCase } from './create-event.use-case';
import { EventOwnership } from './event-ownership';
import { GetInventoryReportUseCase } from './get-inventory-report.use-case';
import { ManagementHttpController } from './management.http.controller';
import { UpdateEventUseCase } from './update-event.use-case';

/** The organizer side: publishing, changing and cancelling events, and their inventory report. */
@Module({
  imports: [EventsModule, InventoryModule, CatalogModule],
  controllers: [ManagementHttpController],
  providers: [EventOwnership, CreateEventUseCase, UpdateEventUseCase, GetInventoryReportUseCase],
})
export class ManagementModule {}
