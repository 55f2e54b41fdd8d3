import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { validateEnv } from '@eventflow/config';
import { UsersEnv } from '../config/users.env';
import { KeyRotationModule } from './key-rotation.module';
import { ResealPersonalDataUseCase } from './reseal-personal-data.use-case';

/**
 * scripts/rotate-encryption-key.sh: re-seals every user's sealed fields with the first key of
 * ENCRYPTION_KEYS. Run with the users service's environment, while the services run or not.
 * Exit code 0 means every value now opens with that key alone.
 */
async function main(): Promise<void> {
  const env = validateEnv(UsersEnv, process.env);
  if (!env.ENCRYPTION_KEYS) throw new Error('ENCRYPTION_KEYS is not set: there is no key to re-seal with');
  const activeKey = env.ENCRYPTION_KEYS.split(',')[0].split(':')[0];
  const app = await NestFactory.createApplicationContext(KeyRotationModule.register(env), { logger: ['error', 'warn'] });
  try {
    const { examined, resealed, unreadable } = await app.get(ResealPersonalDataUseCase).execute();
    if (unreadable.length > 0) {
      const some = unreadable.slice(0, 10).join(', ') + (unreadable.length > 10 ? ', …' : '');
      throw new Error(`${unreadable.length} users have values no configured key opens (${some}): keep every key until they are resolved`);
    }
    process.stdout.write(
      `re-sealed ${resealed} of ${examined} users with key "${activeKey}"; every sealed value now opens with it alone, ` +
        `so the other keys can be removed from ENCRYPTION_KEYS\n`,
    );
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`rotate-encryption-key: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
