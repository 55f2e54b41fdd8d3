import 'reflect-metadata';
import { runService } from '@eventflow/bootstrap';
import { AppModule } from './app.module';
import { EventsEnv } from './config/events.env';

runService({ name: 'events', env: EventsEnv, module: (env) => AppModule.register(env) });
