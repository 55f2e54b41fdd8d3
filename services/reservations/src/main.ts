import 'reflect-metadata';
import { runService } from '@eventflow/bootstrap';
import { AppModule } from './app.module';
import { ReservationsEnv } from './config/reservations.env';

runService({ name: 'reservations', env: ReservationsEnv, module: (env) => AppModule.register(env) });
