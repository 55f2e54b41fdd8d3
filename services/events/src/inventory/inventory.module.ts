import { Module } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { RedisClient } from '@eventflow/redis';
import { REDIS, RedisLock } from '@eventflow/redis';
import { MongooseModule } from '@nestjs/mongoose';
import { EventsModule } from '../events/events.module';
import { CommitTicketsUseCase } from './commit-tickets.use-case';
import { InventoryCapacity } from './inventory-capacity';
import { InventoryChanges } from './inventory-changes';
import { InventoryLevels } from './inventory-levels';
import { InventoryMetrics } from './inventory.metrics';
import { InventoryRebuild } from './inventory-rebuild';
import { InventoryRestartGuard } from './inventory-restart.guard';
import { InventoryRpcController } from './inventory.rpc.controller';
import { InventoryStore } from './inventory.store';
import { LedgerRepository } from './ledger.repository';
import { LedgerEntry, LedgerEntrySchema } from './ledger.schema';
import { ReconcileInventoryJob } from './reconcile-inventory.job';
import { ReconciliationStats } from './reconciliation-stats';
import { ReconciliationScheduler } from './reconciliation.scheduler';
import { ReleaseTicketsUseCase } from './release-tickets.use-case';
import { ReserveTicketsUseCase } from './reserve-tickets.use-case';
import { StaleHolds } from './stale-holds';

@Module({
  imports: [EventsModule, MongooseModule.forFeature([{ name: LedgerEntry.name, schema: LedgerEntrySchema }])],
  controllers: [InventoryRpcController],
  providers: [
    InventoryChanges,
    InventoryStore,
    LedgerRepository,
    ReconciliationStats,
    {
      provide: InventoryRestartGuard,
      inject: [REDIS, RedisLock, ModuleRef],
      // The reconciliation is looked up when a restart is seen: it rebuilds through what this guard fences.
      useFactory: (redis: RedisClient, locks: RedisLock, modules: ModuleRef) =>
        new InventoryRestartGuard(redis, locks, () => modules.get(ReconcileInventoryJob, { strict: false }).run(0)),
    },
    InventoryRebuild,
    ReserveTicketsUseCase,
    ReleaseTicketsUseCase,
    CommitTicketsUseCase,
    InventoryCapacity,
    InventoryLevels,
    ReconcileInventoryJob,
    StaleHolds,
    ReconciliationScheduler,
    InventoryMetrics,
  ],
  exports: [InventoryCapacity, InventoryLevels, InventoryChanges],
})
export class InventoryModule {}
