import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ServiceEnv } from './service-env';

/**
 * Provides the environment, validated once at start-up (see bootstrapService), under
 * its own class so consumers inject `UsersEnv` rather than reading strings.
 */
@Module({})
export class EnvModule {
  static forRoot<T extends ServiceEnv>(schema: new () => T, env: T): DynamicModule {
    return {
      module: EnvModule,
      global: true,
      imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: () => ({ ...env }) })],
      // Also under ServiceEnv, so shared libs read the common settings without knowing the service.
      providers: [
        { provide: schema, useValue: env },
        { provide: ServiceEnv, useValue: env },
      ],
      exports: [schema, ServiceEnv],
    };
  }
}
