import { Injectable } from '@nestjs/common';
import { FanTokenVerifier } from '@eventflow/auth';
import { ProfileCache } from '../profile/profile.cache';
import { UserRepository } from '../users/user.repository';
import { AccessTokenBackfill } from './access-token.backfill';
import { hashAccessToken } from '@eventflow/contracts';
import { AccessTokenRepository } from './access-token.repository';

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Resolves a fan's access token to their id: Redis first, so fans can read cached data while
 * MongoDB is down, then one look-up by `_id` in access_tokens. Unknown tokens are remembered
 * briefly in Redis too (by hash), so a repeated bad token costs MongoDB nothing for a while.
 */
@Injectable()
export class FanTokenResolver implements FanTokenVerifier {
  constructor(
    private readonly tokens: AccessTokenRepository,
    private readonly backfill: AccessTokenBackfill,
    private readonly users: UserRepository,
    private readonly cache: ProfileCache,
  ) {}

  async verify(token: string): Promise<string | undefined> {
    if (!TOKEN_SHAPE.test(token)) return undefined;
    const hash = hashAccessToken(token);
    const cached = await this.cache.getTokenOwner(hash);
    if (cached !== undefined) return cached ?? undefined;
    const userId = await this.lookUp(hash);
    if (!userId) {
      await this.cache.putUnknownToken(hash);
      return undefined;
    }
    await this.cache.putTokenOwner(hash, userId);
    return userId;
  }

  private async lookUp(hash: string): Promise<string | null> {
    const owner = await this.tokens.ownerOf(hash);
    if (owner || this.backfill.isComplete) return owner;
    // Only in the first moments after an upgrade: a scan, for a fan whose row is not there yet.
    return this.users.findIdByTokenHash(hash);
  }
}
