import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { EventsModule } from '../events/events.module';
import { InventoryChanges } from './inventory-changes';
import { InventoryRpcController } from './inventory.rpc.controller';
import { InventoryService } from './inventory.service';
import { InventoryStore } from './inventory.store';
import { LedgerRepository } from './ledger.repository';
import { LedgerEntry, LedgerEntrySchema } from './ledger.schema';
import { ReconcileInventoryJob } from './reconcile-inventory.job';
import { ReconciliationScheduler } from './reconciliation.scheduler';

@Module({
  imports: [EventsModule, MongooseModule.forFeature([{ name: LedgerEntry.name, schema: LedgerEntrySchema }])],
  controllers: [InventoryRpcController],
  providers: [InventoryChanges, InventoryStore, LedgerRepository, InventoryService, ReconcileInventoryJob, ReconciliationScheduler],
  exports: [InventoryService, InventoryStore, InventoryChanges],
})
export class InventoryModule {}
