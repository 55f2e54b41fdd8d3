import { Global, Module } from '@nestjs/common';
import { UsersEnv } from '../config/users.env';
import { FieldCipher } from './field-cipher';
import { KeyedHasher } from './keyed-hasher';
import { PersonalDataProtector } from './personal-data.protector';

@Global()
@Module({
  providers: [
    {
      provide: PersonalDataProtector,
      inject: [UsersEnv],
      useFactory: (env: UsersEnv) =>
        new PersonalDataProtector(
          new KeyedHasher(env.DOCUMENT_HASH_KEY),
          env.ENCRYPTION_KEYS ? new FieldCipher(env.ENCRYPTION_KEYS) : undefined,
          env.ENABLE_ENCRYPTION,
        ),
    },
  ],
  exports: [PersonalDataProtector],
})
export class PrivacyModule {}
