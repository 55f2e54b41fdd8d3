import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ServiceEnv } from '@eventflow/config';
import { createRpcClient, RpcClient } from '@eventflow/contracts';
import { CachingFanTokenVerifier } from './caching-fan-token.verifier';
import { FanTokenVerifier } from './fan-token.verifier';

const TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;

/**
 * For a service that registers no FAN_TOKEN_VERIFIER of its own (events): fans never call its
 * routes as fans, but a fan's token on a staff route must be told apart from a bad token (403,
 * not 401), so it asks users.authenticate, cached. The connection opens on the first fan token.
 */
@Injectable()
export class UsersRpcFanTokenVerifier implements FanTokenVerifier, OnApplicationShutdown {
  private client?: RpcClient;
  private readonly cache: CachingFanTokenVerifier;

  constructor(private readonly env: ServiceEnv) {
    this.cache = new CachingFanTokenVerifier(
      async (token) => (await this.users().send('users.authenticate', { access_token: token })).usuario_id,
      TTL_MS,
      MAX_ENTRIES,
    );
  }

  verify(token: string): Promise<string | undefined> {
    return this.cache.verify(token);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client?.close();
  }

  private users(): RpcClient {
    this.client ??= createRpcClient('users', this.env);
    return this.client;
  }
}
