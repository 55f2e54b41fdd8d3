import { Injectable } from '@nestjs/common';
import { FanTokenVerifier } from '@eventflow/auth';
import { ProfileCache } from '../profile/profile.cache';
import { UserRepository } from '../users/user.repository';
import { hashAccessToken } from './access-token';

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** Resolves a fan's access token to their id: Redis first, so fans can read cached data while MongoDB is down. */
@Injectable()
export class FanTokenResolver implements FanTokenVerifier {
  constructor(
    private readonly users: UserRepository,
    private readonly cache: ProfileCache,
  ) {}

  async verify(token: string): Promise<string | undefined> {
    if (!TOKEN_SHAPE.test(token)) return undefined;
    const hash = hashAccessToken(token);
    const cached = await this.cache.getTokenOwner(hash);
    if (cached) return cached;
    const userId = await this.users.findIdByTokenHash(hash);
    if (!userId) return undefined;
    await this.cache.putTokenOwner(hash, userId);
    return userId;
  }
}
