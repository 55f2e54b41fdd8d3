import 'reflect-metadata';
import { runService } from '@eventflow/bootstrap';
import { AppModule } from './app.module';
import { CachedEventReadFastPath } from './catalog/cached-event-read.fast-path';
import { EventsEnv } from './config/events.env';

runService({
  name: 'events',
  env: EventsEnv,
  module: (env) => AppModule.register(env),
  earlyResponder: (app) => app.get(CachedEventReadFastPath).respond,
});
