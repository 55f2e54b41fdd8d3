// First: tracing instruments http, ioredis and mongodb before they load (off without OTEL_EXPORTER_OTLP_ENDPOINT).
import '@eventflow/tracing/register';
import 'reflect-metadata';
import { runService } from '@eventflow/bootstrap';
import { AppModule } from './app.module';
import { COMPENSATION_QUEUE, DEAD_LETTER_QUEUE } from './recovery/compensation.queue';
import { ReservationsEnv } from './config/reservations.env';
import { TurnPollFastPath } from './waiting-room/turn-poll.fast-path';

runService({
  name: 'reservations',
  // Compensations, their dead letters, recovery and the holds' reconciliation.
  queueBoard: [COMPENSATION_QUEUE, DEAD_LETTER_QUEUE, 'saga-recovery', 'holds-reconciliation'],
  openApiMetadata: () => import('./openapi.metadata').then((m) => m.default()),
  // Fans polling their waiting-room turns, thousands at once on an on-sale day.
  earlyResponder: (app) => app.get(TurnPollFastPath).respond,
  env: ReservationsEnv,
  module: (env) => AppModule.register(env),
});
