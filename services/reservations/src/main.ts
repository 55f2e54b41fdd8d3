// First: tracing instruments http, ioredis and mongodb before they load (off without OTEL_EXPORTER_OTLP_ENDPOINT).
import '@eventflow/tracing/register';
import 'reflect-metadata';
import { runService } from '@eventflow/bootstrap';
import { AppModule } from './app.module';
import { COMPENSATION_QUEUE, DEAD_LETTER_QUEUE } from './recovery/compensation.queue';
import { ReservationsEnv } from './config/reservations.env';

runService({
  name: 'reservations',
  // Compensations, their dead letters, recovery and the holds' reconciliation.
  queueBoard: [COMPENSATION_QUEUE, DEAD_LETTER_QUEUE, 'saga-recovery', 'holds-reconciliation'],
  openApiMetadata: () => import('./openapi.metadata').then((m) => m.default()),
  env: ReservationsEnv,
  module: (env) => AppModule.register(env),
});
