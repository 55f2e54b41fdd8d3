import { Inject, Injectable, Logger } from '@nestjs/common';
import { fanTokenOwnerKey, UNKNOWN_FAN_TOKEN } from '@eventflow/contracts';
import type { RedisClient } from '@eventflow/redis';
import { defineScript, errorMessage, REDIS, RedisScript } from '@eventflow/redis';
import { UsersEnv } from '../config/users.env';
import type { StoredProfile } from '../users/user.repository';

// One hash tag per fan: a script that reads the version and writes the profile touches one cluster slot.
const profileKey = (id: string) => `eventflow:users:{${id}}:profile`;
const versionKey = (id: string) => `eventflow:users:{${id}}:profile-version`;
// Fan tokens' owners are a read model other services read too (libs/contracts).
const tokenKey = fanTokenOwnerKey;
export const profileCacheKeys = { profile: profileKey, version: versionKey };
/** Tokens never change owner, so their resolution can be cached much longer than profiles. */
const TOKEN_TTL_SECONDS = 24 * 3600;
/**
 * How long "no such token" is remembered. Safe: a token is unknown only until it is issued, and
 * registration answers (handing it out) only after putting its owner here, over this marker.
 */
export const UNKNOWN_TOKEN_TTL_SECONDS = 10;
const UNKNOWN = UNKNOWN_FAN_TOKEN;
const VERSION_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Stores a profile only if no write happened since the reader looked: otherwise a read that
 * started before a history update could put the old copy back after the invalidation.
 */
/** A write invalidates: the version moves (so a read that began before cannot put its copy back) and the copy goes. */
const INVALIDATE = `
redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], ARGV[1])
return redis.call('DEL', KEYS[1])`;

const PUT_IF_UNCHANGED = `
local current = redis.call('GET', KEYS[2]) or ''
if current ~= ARGV[2] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
return 1`;

/** What a cache look-up saw: the profile if cached, and the write version to hand back to put(). */
export interface CacheLookup {
  profile?: StoredProfile;
  version: string;
}

/**
 * Cache-aside for profiles (as stored: an encrypted email stays encrypted in Redis) and
 * for token → user resolution. Redis failures degrade to the database, never to an error.
 */
@Injectable()
export class ProfileCache {
  private readonly logger = new Logger(ProfileCache.name);
  private readonly putIfUnchanged: RedisScript<number>;
  private readonly invalidation: RedisScript<number>;

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    private readonly env: UsersEnv,
  ) {
    this.putIfUnchanged = defineScript(redis, { name: 'profile-put-if-unchanged', keys: 2, lua: PUT_IF_UNCHANGED });
    this.invalidation = defineScript(redis, { name: 'profile-invalidate', keys: 2, lua: INVALIDATE });
  }

  async get(id: string): Promise<CacheLookup> {
    const found = await this.quietly(() => this.redis.mget(profileKey(id), versionKey(id)));
    if (!found) return { version: 'unavailable' };
    const [profile, version] = found;
    return { profile: profile ? (JSON.parse(profile) as StoredProfile) : undefined, version: version ?? '' };
  }

  async put(profile: StoredProfile, versionSeen: string): Promise<void> {
    if (versionSeen === 'unavailable') return;
    const id = profile.usuario_id;
    await this.quietly(() =>
      this.putIfUnchanged.run([profileKey(id), versionKey(id)], [JSON.stringify(profile), versionSeen, this.env.USER_CACHE_TTL_SECONDS]),
    );
  }

  /** Every write to a user calls this, so the next read sees it. */
  async invalidate(id: string): Promise<void> {
    await this.quietly(() => this.invalidation.run([profileKey(id), versionKey(id)], [VERSION_TTL_SECONDS]));
  }

  /** The token's owner; null when the token is known to be nobody's; undefined when not cached (or Redis is down). */
  async getTokenOwner(tokenHash: string): Promise<string | null | undefined> {
    const cached = await this.quietly(() => this.redis.get(tokenKey(tokenHash)));
    if (cached === UNKNOWN) return null;
    return cached ?? undefined;
  }

  async putTokenOwner(tokenHash: string, userId: string): Promise<void> {
    await this.quietly(() => this.redis.set(tokenKey(tokenHash), userId, 'EX', TOKEN_TTL_SECONDS));
  }

  /** Remembers briefly that nobody holds this token; never over a known owner. */
  async putUnknownToken(tokenHash: string): Promise<void> {
    await this.quietly(() => this.redis.set(tokenKey(tokenHash), UNKNOWN, 'EX', UNKNOWN_TOKEN_TTL_SECONDS, 'NX'));
  }

  private async quietly<T>(operation: () => Promise<T>): Promise<T | undefined> {
    try {
      return await operation();
    } catch (error) {
      // The message only: the error carries the command's arguments (a whole profile, a token hash).
      this.logger.warn({ err: errorMessage(error) }, 'Redis unavailable; using the database');
      return undefined;
    }
  }
}
