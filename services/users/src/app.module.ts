import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@eventflow/auth';
import { EnvModule } from '@eventflow/config';
import { DatabaseModule } from '@eventflow/database';
import { HealthModule } from '@eventflow/health';
import { LoggingModule } from '@eventflow/logging';
import { RedisModule } from '@eventflow/redis';
import { UsersEnv } from './config/users.env';
import { UsersModule } from './users.module';

@Module({})
export class AppModule {
  static register(env: UsersEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [EnvModule.forRoot(UsersEnv, env), LoggingModule, DatabaseModule, RedisModule, AuthModule, HealthModule, UsersModule],
    };
  }
}
