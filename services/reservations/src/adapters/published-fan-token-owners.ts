import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { fanTokenOwnerKey, hashAccessToken, UNKNOWN_FAN_TOKEN } from '@eventflow/contracts';
import { REDIS } from '@eventflow/redis';

/**
 * The users service's published token owners (libs/contracts), read before asking
 * users.authenticate: on an on-sale day every fan's first request (joining the waiting room)
 * is a token this process has never seen, and one Redis GET costs far less than an RPC, which also
 * keeps fans who registered earlier able to queue while the users service is down. Only a known
 * owner counts; "unknown", a miss or a Redis error leave the answer to the users service.
 */
@Injectable()
export class PublishedFanTokenOwners {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async ownerOf(token: string): Promise<string | undefined> {
    try {
      const owner = await this.redis.get(fanTokenOwnerKey(hashAccessToken(token)));
      return owner && owner !== UNKNOWN_FAN_TOKEN ? owner : undefined;
    } catch {
      return undefined;
    }
  }
}
