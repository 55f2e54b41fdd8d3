import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@eventflow/auth';
import { EnvModule } from '@eventflow/config';
import { DatabaseModule } from '@eventflow/database';
import { HealthModule } from '@eventflow/health';
import { LoggingModule } from '@eventflow/logging';
import { RedisModule } from '@eventflow/redis';
import { ReservationsEnv } from './config/reservations.env';
import { FanAuthModule } from './adapters/fan-auth.module';
import { ReservationsModule } from './reservations/reservations.module';

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
        ReservationsModule,
      ],
    };
  }
}
