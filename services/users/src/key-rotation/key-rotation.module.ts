import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { EnvModule } from '@eventflow/config';
import { DatabaseModule } from '@eventflow/database';
import { RedisModule } from '@eventflow/redis';
import { UsersEnv } from '../config/users.env';
import { PrivacyModule } from '../privacy/privacy.module';
import { ProfileCache } from '../profile/profile.cache';
import { UserRepository } from '../users/user.repository';
import { User, UserSchema } from '../users/user.schema';
import { UserWriteLock } from '../users/user-write.lock';
import { ResealPersonalDataUseCase } from './reseal-personal-data.use-case';

/** What the re-sealing pass needs of the users service: its stores, its privacy model, its write lock. */
@Module({})
export class KeyRotationModule {
  static register(env: UsersEnv): DynamicModule {
    return {
      module: KeyRotationModule,
      imports: [
        EnvModule.forRoot(UsersEnv, env),
        DatabaseModule,
        RedisModule,
        PrivacyModule,
        MongooseModule.forFeature([{ name: User.name, schema: UserSchema }]),
      ],
      providers: [UserRepository, UserWriteLock, ProfileCache, ResealPersonalDataUseCase],
    };
  }
}
