import { Module } from '@nestjs/common';
import { ReservationChain } from '../chain/reservation.chain';
import { CompensationQueue, CompensationWorker } from '../compensation/compensation.queue';
import { EventCatalog, RpcEventCatalog } from '../gateways/event-catalog';
import { InventoryGateway, RpcInventoryGateway } from '../gateways/inventory.gateway';
import { PurchaseHistory, RpcPurchaseHistory } from '../gateways/purchase-history';
import { RpcUserDirectory, UserDirectory } from '../gateways/user-directory';
import { IdempotencyStore } from '../idempotency/idempotency.store';
import { MetricsController } from '../metrics/metrics.controller';
import { ReservationMetrics } from '../metrics/reservation.metrics';
import { PaymentGateway } from '../payment/payment.gateway';
import { SimulatedPaymentGateway } from '../payment/simulated-payment.gateway';
import { HeldTicketsSource, PurchaseLimitStore } from '../purchase-limit/purchase-limit.store';
import { RedisPurchaseLimitStore } from '../purchase-limit/redis-purchase-limit.store';
import { ActiveSagaIndex } from '../recovery/active-saga.index';
import { RecoverStuckSagasJob } from '../recovery/recover-stuck-sagas.job';
import { CancelReservationUseCase } from './cancel-reservation.use-case';
import { CreateReservationUseCase } from './create-reservation.use-case';
import { QueryReservationsUseCase } from './query-reservations.use-case';
import { CompensationScheduler, ReservationSagaRunner } from './reservation-saga.runner';
import { ReservationRepository } from './reservation.repository';
import { ReservationsController } from './reservations.controller';
import { SagaBulkhead } from './saga-bulkhead';
import { SagaClaims } from './saga-claims';
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
