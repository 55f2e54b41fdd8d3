import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import mongoose, { Connection } from 'mongoose';
import { RedisLock } from '@eventflow/redis';
import { RunningStore, startFerretDb, startRedis } from '@eventflow/testing';
import { UsersEnv } from '../src/config/users.env';
import { FieldCipher } from '../src/privacy/field-cipher';
import { KeyedHasher } from '../src/privacy/keyed-hasher';
import { PersonalDataProtector } from '../src/privacy/personal-data.protector';
import { GetProfileUseCase } from '../src/profile/get-profile.use-case';
import { ProfileCache } from '../src/profile/profile.cache';
import { PurchaseHistoryUseCase } from '../src/purchases/purchase-history.use-case';
import { RegisterFanUseCase } from '../src/registration/register-fan.use-case';
import { AccessTokenBackfill } from '../src/tokens/access-token.backfill';
import { AccessTokenRepository } from '../src/tokens/access-token.repository';
import { AccessToken, AccessTokenSchema } from '../src/tokens/access-token.schema';
import { FanTokenResolver } from '../src/tokens/fan-token.resolver';
import { UserRepository } from '../src/users/user.repository';
import { User, UserSchema } from '../src/users/user.schema';
import { UserWriteLock } from '../src/users/user-write.lock';

export interface UsersStores {
  readonly mongo: RunningStore;
  readonly redis: RunningStore;
  /** A users instance on these stores, closed before they stop. */
  instance(options: UsersInstanceOptions): Promise<UsersInstance>;
}

/** A private FerretDB and Redis for one integration test file: started before its tests, removed after. */
export function useUsersStores(): UsersStores {
  let mongo: RunningStore | undefined;
  let redis: RunningStore | undefined;
  const instances: UsersInstance[] = [];
  beforeAll(async () => {
    [mongo, redis] = await Promise.all([startFerretDb(), startRedis()]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.close()));
    await Promise.all([mongo?.destroy(), redis?.destroy()]);
  });
  const stores: UsersStores = {
    get mongo() {
      if (!mongo) throw new Error('the stores exist only inside tests');
      return mongo;
    },
    get redis() {
      if (!redis) throw new Error('the stores exist only inside tests');
      return redis;
    },
    async instance(options) {
      const instance = await aUsersInstance(stores, options);
      instances.push(instance);
      return instance;
    },
  };
  return stores;
}

export const encryptionKey = (kid: string) => `${kid}:${randomBytes(32).toString('base64')}`;

export interface UsersInstanceOptions {
  dbName: string;
  /** ENCRYPTION_KEYS of this instance; with it, new personal data is sealed. */
  encryptionKeys?: string;
  /** The document-hash key: instances of one deployment share it. */
  hashKey?: string;
}

/**
 * One users instance's components on the real stores, wired as UsersModule wires them, each
 * instance with its own connections (as two processes have). Close it with `close()`.
 */
export async function aUsersInstance(stores: { mongo: RunningStore; redis: RunningStore }, options: UsersInstanceOptions) {
  const connection: Connection = await mongoose
    .createConnection(stores.mongo.url, { dbName: options.dbName, monitorCommands: true })
    .asPromise();
  const redis = new Redis(stores.redis.url);
  const userModel = connection.model(User.name, UserSchema);
  const tokenModel = connection.model(AccessToken.name, AccessTokenSchema);
  await Promise.all([userModel.init(), tokenModel.init()]);
  const env = Object.assign(new UsersEnv(), { USER_CACHE_TTL_SECONDS: 300 });
  const users = new UserRepository(userModel);
  const tokens = new AccessTokenRepository(tokenModel);
  const cache = new ProfileCache(redis, env);
  const writes = new UserWriteLock(new RedisLock(redis));
  const privacy = new PersonalDataProtector(
    new KeyedHasher(options.hashKey ?? 'h'.repeat(32)),
    options.encryptionKeys ? new FieldCipher(options.encryptionKeys) : undefined,
    options.encryptionKeys !== undefined,
  );
  const backfill = new AccessTokenBackfill(users, tokens);
  return {
    connection,
    redis,
    users,
    tokens,
    cache,
    writes,
    privacy,
    backfill,
    register: new RegisterFanUseCase(users, tokens, privacy, cache),
    profiles: new GetProfileUseCase(users, cache, privacy),
    history: new PurchaseHistoryUseCase(users, cache, writes),
    resolver: new FanTokenResolver(tokens, backfill, users, cache),
    async close() {
      await connection.close();
      await redis.quit();
    },
  };
}

export type UsersInstance = Awaited<ReturnType<typeof aUsersInstance>>;
