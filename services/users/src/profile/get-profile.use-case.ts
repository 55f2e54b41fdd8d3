import { Injectable, Optional } from '@nestjs/common';
import { CacheMetrics, MetricsRegistry } from '@eventflow/metrics';
import { PersonalDataProtector } from '../privacy/personal-data.protector';
import { StoredProfile, UserRepository } from '../users/user.repository';
import { userNotFound } from '../users/users.errors';
import { ProfileCache } from './profile.cache';

export type UserProfile = StoredProfile & { _id: string };

export interface ProfileRead {
  profile: UserProfile;
  source: 'cache' | 'database';
  /** True when served from cache while MongoDB is unreachable: it may be stale. */
  maybeStale: boolean;
}

/** Cache-aside read of a fan's profile (AP: a cached copy is served while MongoDB is down). */
@Injectable()
export class GetProfileUseCase {
  private readonly cacheMetrics: CacheMetrics;

  constructor(
    private readonly users: UserRepository,
    private readonly cache: ProfileCache,
    private readonly privacy: PersonalDataProtector,
    @Optional() registry: MetricsRegistry = new MetricsRegistry(),
  ) {
    this.cacheMetrics = new CacheMetrics(registry, 'profile');
  }

  async execute(userId: string): Promise<ProfileRead> {
    const { stored, source } = await this.load(userId);
    const profile = { ...stored, _id: stored.usuario_id, email: this.privacy.revealEmail(stored.email, stored.usuario_id) };
    return { profile, source, maybeStale: source === 'cache' && !this.users.isConnected() };
  }

  /** The stored profile (email still as stored), from cache or database; undefined when unknown. */
  async findStored(userId: string): Promise<{ stored: StoredProfile; source: ProfileRead['source'] } | undefined> {
    const cached = await this.cache.get(userId);
    if (cached.profile) {
      this.cacheMetrics.hit();
      return { stored: cached.profile, source: 'cache' };
    }
    this.cacheMetrics.miss();
    const stored = await this.users.findProfile(userId);
    if (!stored) return undefined;
    await this.cache.put(stored, cached.version);
    return { stored, source: 'database' };
  }

  private async load(userId: string): Promise<{ stored: StoredProfile; source: ProfileRead['source'] }> {
    const found = await this.findStored(userId);
    if (!found) throw userNotFound(userId);
    return found;
  }
}
