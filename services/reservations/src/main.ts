// First: tracing instruments http, ioredis and mongodb before they load (off without OTEL_EXPORTER_OTLP_ENDPOINT).
import '@eventflow/tracing/register';
import 'reflect-metadata';
import { runService } from '@eventflow/bootstrap';
import { AppModule } from './app.module';
import { ReservationsEnv } from './config/reservations.env';

runService({
  name: 'reservations',
  openApiMetadata: () => import('./openapi.metadata').then((m) => m.default()),
  env: ReservationsEnv,
  module: (env) => AppModule.register(env),
});
