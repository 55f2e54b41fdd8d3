import 'reflect-metadata';
import { runService } from '@eventflow/bootstrap';
import { AppModule } from './app.module';
import { UsersEnv } from './config/users.env';

runService({ name: 'users', env: UsersEnv, module: (env) => AppModule.register(env) });
