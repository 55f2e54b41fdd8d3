import { Module } from '@nestjs/common';
import { ReservationChain } from '../chain/reservation.chain';
import { CompensationQueue, CompensationWorker } from '../recovery/compensation.queue';
import { EventCatalog, RpcEventCatalog } from '../ports/event-catalog.port';
import { InventoryGateway, RpcInventoryGateway } from '../ports/inventory.port';
import { PurchaseHistory, RpcPurchaseHistory } from '../ports/purchase-history.port';
import { RpcUserDirectory, UserDirectory } from '../ports/user-directory.port';
import { IdempotencyStore } from '../adapters/redis-idempotency.store';
import { MetricsController } from '../metrics/metrics.controller';
import { ReservationMetrics } from '../metrics/reservation.metrics';
import { PaymentGateway } from '../ports/payment.port';
import { SimulatedPaymentGateway } from '../adapters/simulated-payment.gateway';
import { HeldTicketsSource, PurchaseLimitStore } from '../ports/purchase-limit.port';
import { RedisPurchaseLimitStore } from '../adapters/redis-purchase-limit.store';
import { ActiveSagaIndex } from '../saga/active-saga.index';
import { RecoverStuckSagasJob } from '../recovery/recover-stuck-sagas.job';
import { CancelReservationUseCase } from './cancel-reservation.use-case';
import { CreateReservationUseCase } from './create-reservation.use-case';
import { QueryReservationsUseCase } from './query-reservations.use-case';
import { CompensationScheduler, ReservationSagaRunner } from '../saga/reservation-saga.runner';
import { ReservationRepository } from '../database/reservation.repository';
import { ReservationsController } from './reservations.controller';
import { SagaBulkhead } from './saga-bulkhead';
import { SagaClaims } from '../saga/saga-claims';
import { ReservationsEnv } from '../config/reservations.env';

/** Ports are bound to their adapters here, and only here. */
@Module({
  controllers: [ReservationsController, MetricsController],
  providers: [
    ReservationRepository,
    SagaClaims,
    {
      provide: SagaBulkhead,
      inject: [ReservationsEnv],
      useFactory: (env: ReservationsEnv) => new SagaBulkhead(env.RESERVATION_CONCURRENCY, env.RESERVATION_QUEUE_LIMIT),
    },
    { provide: HeldTicketsSource, useExisting: ReservationRepository },
    { provide: PurchaseLimitStore, useClass: RedisPurchaseLimitStore },
    { provide: PaymentGateway, useClass: SimulatedPaymentGateway },
    { provide: UserDirectory, useClass: RpcUserDirectory },
    { provide: PurchaseHistory, useClass: RpcPurchaseHistory },
    { provide: EventCatalog, useClass: RpcEventCatalog },
    { provide: InventoryGateway, useClass: RpcInventoryGateway },
    CompensationQueue,
    { provide: CompensationScheduler, useExisting: CompensationQueue },
    ReservationMetrics,
    ReservationSagaRunner,
    ReservationChain,
    IdempotencyStore,
    CreateReservationUseCase,
    QueryReservationsUseCase,
    CancelReservationUseCase,
    CompensationWorker,
    ActiveSagaIndex,
    RecoverStuckSagasJob,
  ],
})
export class ReservationsModule {}
