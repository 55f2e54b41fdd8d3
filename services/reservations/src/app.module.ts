import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@eventflow/auth';
import { EnvModule } from '@eventflow/config';
import { DatabaseModule } from '@eventflow/database';
import { HealthModule } from '@eventflow/health';
import { LoggingModule } from '@eventflow/logging';
import { RedisModule } from '@eventflow/redis';
import { FanAuthModule } from './adapters/fan-auth.module';
import { RedisIdempotencyStore } from './adapters/redis-idempotency.store';
import { RedisPurchaseLimitStore } from './adapters/redis-purchase-limit.store';
import { RpcCancelledEvents } from './adapters/rpc-cancelled-events';
import { RpcEventCatalog } from './adapters/rpc-event-catalog';
import { RpcInventoryGateway } from './adapters/rpc-inventory.gateway';
import { RpcPurchaseHistory } from './adapters/rpc-purchase-history';
import { RpcUserDirectory } from './adapters/rpc-user-directory';
import { RedisWaitingListStore } from './adapters/redis-waiting-list.store';
import { RedisWaitingRoomStore } from './adapters/redis-waiting-room.store';
import { SimulatedPaymentGateway } from './adapters/simulated-payment.gateway';
import { ReservationChain } from './chain/reservation.chain';
import { ReservationsEnv } from './config/reservations.env';
import { ReservationRepository } from './database/reservation.repository';
import { RefundCancelledEventsJob } from './event-cancellation/refund-cancelled-events.job';
import { ReservationMetrics } from './metrics/reservation.metrics';
import { CancelledEvents } from './ports/cancelled-events.port';
import { EventCatalog } from './ports/event-catalog.port';
import { IdempotencyRecords } from './ports/idempotency.port';
import { InventoryGateway } from './ports/inventory.port';
import { PaymentGateway } from './ports/payment.port';
import { PurchaseHistory } from './ports/purchase-history.port';
import { HeldTicketsSource, PurchaseLimitStore } from './ports/purchase-limit.port';
import { ReservationWatch } from './ports/reservation-watch.port';
import { UserDirectory } from './ports/user-directory.port';
import { WaitingListStore } from './ports/waiting-list.port';
import { WaitingRoomStore } from './ports/waiting-room.port';
import { CompensationQueue } from './recovery/compensation.queue';
import { CompensationWorker } from './recovery/compensation.worker';
import { ReconcileHoldsJob } from './recovery/reconcile-holds.job';
import { RecoverStuckSagasJob } from './recovery/recover-stuck-sagas.job';
import { CancelReservationUseCase } from './reservations/cancel-reservation.use-case';
import { CreateReservationUseCase } from './reservations/create-reservation.use-case';
import { IdempotentRequests } from './reservations/idempotent-requests';
import { QueryReservationsUseCase } from './reservations/query-reservations.use-case';
import { RedriveCompensationUseCase } from './reservations/redrive-compensation.use-case';
import { DeadLetterWorker } from './reservations/dead-letter.worker';
import { ReservationsController } from './reservations/reservations.controller';
import { SagaBulkhead } from './reservations/saga-bulkhead';
import { ActiveSagaIndex } from './saga/active-saga.index';
import { CompensationScheduler } from './saga/compensation-scheduler';
import { ReservationSagaRunner } from './saga/reservation-saga.runner';
import { SagaClaims } from './saga/saga-claims';
import { OfferReturnedTicketsJob } from './waiting-list/offer-returned-tickets.job';
import { WaitingListController } from './waiting-list/waiting-list.controller';
import { WaitingListUseCase } from './waiting-list/waiting-list.use-case';
import { AdmitFansJob } from './waiting-room/admit-fans.job';
import { GetTurnUseCase } from './waiting-room/get-turn.use-case';
import { JoinWaitingRoomUseCase } from './waiting-room/join-waiting-room.use-case';
import { TurnPollFastPath } from './waiting-room/turn-poll.fast-path';
import { WaitingRoomController } from './waiting-room/waiting-room.controller';

/** The service's wiring: ports are bound to their adapters here, and only here. */
@Module({})
export class AppModule {
  static register(env: ReservationsEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        EnvModule.forRoot(ReservationsEnv, env),
        LoggingModule,
        DatabaseModule,
        RedisModule,
        AuthModule,
        HealthModule,
        FanAuthModule,
      ],
      controllers: [ReservationsController, WaitingRoomController, WaitingListController],
      providers: [
        // ports → adapters
        { provide: EventCatalog, useClass: RpcEventCatalog },
        { provide: CancelledEvents, useClass: RpcCancelledEvents },
        { provide: InventoryGateway, useClass: RpcInventoryGateway },
        { provide: PurchaseHistory, useClass: RpcPurchaseHistory },
        { provide: UserDirectory, useClass: RpcUserDirectory },
        { provide: PaymentGateway, useClass: SimulatedPaymentGateway },
        { provide: PurchaseLimitStore, useClass: RedisPurchaseLimitStore },
        { provide: IdempotencyRecords, useClass: RedisIdempotencyStore },
        { provide: WaitingRoomStore, useClass: RedisWaitingRoomStore },
        { provide: WaitingListStore, useClass: RedisWaitingListStore },
        { provide: HeldTicketsSource, useExisting: ReservationRepository },
        { provide: CompensationScheduler, useExisting: CompensationQueue },
        { provide: ReservationWatch, useExisting: ActiveSagaIndex },
        // database, metrics
        ReservationRepository,
        ReservationMetrics,
        // chain and saga
        ReservationChain,
        SagaClaims,
        ActiveSagaIndex,
        ReservationSagaRunner,
        // the reservations resource
        {
          provide: SagaBulkhead,
          inject: [ReservationsEnv, ReservationMetrics],
          useFactory: (config: ReservationsEnv, metrics: ReservationMetrics) => {
            const bulkhead = new SagaBulkhead(config.RESERVATION_CONCURRENCY, config.RESERVATION_QUEUE_LIMIT);
            metrics.gauge('in_flight', 'Reservations this instance is working on', () => bulkhead.inFlight);
            metrics.gauge('queued', 'Reservations waiting for a slot on this instance', () => bulkhead.queued);
            return bulkhead;
          },
        },
        IdempotentRequests,
        CreateReservationUseCase,
        QueryReservationsUseCase,
        CancelReservationUseCase,
        RedriveCompensationUseCase,
        DeadLetterWorker,
        // recovery
        CompensationQueue,
        CompensationWorker,
        RecoverStuckSagasJob,
        ReconcileHoldsJob,
        // cancelled events
        RefundCancelledEventsJob,
        // the waiting room
        JoinWaitingRoomUseCase,
        GetTurnUseCase,
        TurnPollFastPath,
        AdmitFansJob,
        // the waiting list
        WaitingListUseCase,
        OfferReturnedTicketsJob,
      ],
    };
  }
}
