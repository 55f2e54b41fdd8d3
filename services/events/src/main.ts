// First: tracing instruments http, ioredis and mongodb before they load (off without OTEL_EXPORTER_OTLP_ENDPOINT).
import '@eventflow/tracing/register';
import 'reflect-metadata';
import { runService } from '@eventflow/bootstrap';
import { AppModule } from './app.module';
import { CachedEventReadFastPath } from './catalog/cached-event-read.fast-path';
import { EventsEnv } from './config/events.env';

runService({
  name: 'events',
  queueBoard: ['inventory-reconciliation'],
  openApiMetadata: () => import('./openapi.metadata').then((m) => m.default()),
  env: EventsEnv,
  module: (env) => AppModule.register(env),
  earlyResponder: (app) => app.get(CachedEventReadFastPath).respond,
});
