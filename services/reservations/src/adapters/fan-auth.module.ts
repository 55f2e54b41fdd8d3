import { Global, Module } from '@nestjs/common';
import { CachingFanTokenVerifier, FAN_TOKEN_VERIFIER } from '@eventflow/auth';
import { RpcClient, RpcClientsModule, USERS_RPC } from '@eventflow/contracts';
import { CacheMetrics, MetricsRegistry } from '@eventflow/metrics';
import { ReservationsEnv } from '../config/reservations.env';
import { PublishedFanTokenOwners } from './published-fan-token-owners';

const rpcClients = RpcClientsModule.register(['users', 'events']);

/**
 * Lets fans authenticate here: a token is resolved from the users service's published owners in
 * Redis, else by users.authenticate, and remembered in process for FAN_TOKEN_CACHE_TTL_MS.
 */
@Global()
@Module({
  imports: [rpcClients],
  providers: [
    PublishedFanTokenOwners,
    {
      provide: CachingFanTokenVerifier,
      inject: [USERS_RPC, PublishedFanTokenOwners, ReservationsEnv, MetricsRegistry],
      useFactory: (users: RpcClient, published: PublishedFanTokenOwners, env: ReservationsEnv, registry: MetricsRegistry) =>
        new CachingFanTokenVerifier(
          async (token) => (await published.ownerOf(token)) ?? (await users.send('users.authenticate', { access_token: token })).usuario_id,
          env.FAN_TOKEN_CACHE_TTL_MS,
          env.FAN_TOKEN_CACHE_SIZE,
          Date.now,
          new CacheMetrics(registry, 'fan_token'),
        ),
    },
    // The guard resolves tokens through it; the turn-poll fast path reads what it remembers.
    { provide: FAN_TOKEN_VERIFIER, useExisting: CachingFanTokenVerifier },
  ],
  // The RPC clients are shared with the rest of the service from here.
  exports: [FAN_TOKEN_VERIFIER, CachingFanTokenVerifier, rpcClients],
})
export class FanAuthModule {}
