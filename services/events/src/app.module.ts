import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@eventflow/auth';
import { EnvModule } from '@eventflow/config';
import { DatabaseModule } from '@eventflow/database';
import { HealthModule } from '@eventflow/health';
import { LoggingModule } from '@eventflow/logging';
import { RedisModule } from '@eventflow/redis';
import { CancellationModule } from './cancellation/cancellation.module';
import { CatalogModule } from './catalog/catalog.module';
import { EventsEnv } from './config/events.env';
import { ManagementModule } from './management/management.module';

@Module({})
export class AppModule {
  static register(env: EventsEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        EnvModule.forRoot(EventsEnv, env),
        LoggingModule,
        DatabaseModule,
        RedisModule,
        AuthModule,
        HealthModule,
        CatalogModule,
        ManagementModule,
        CancellationModule,
      ],
    };
  }
}
