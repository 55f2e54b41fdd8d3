import { Global, Module } from '@nestjs/common';
import { CachingFanTokenVerifier, FAN_TOKEN_VERIFIER } from '@eventflow/auth';
import { RpcClient, RpcClientsModule, USERS_RPC } from '@eventflow/contracts';
import { CacheMetrics, MetricsRegistry } from '@eventflow/metrics';
import { ReservationsEnv } from '../config/reservations.env';

const rpcClients = RpcClientsModule.register(['users', 'events']);

/** Lets fans authenticate here: their tokens are checked by the users service (users.authenticate). */
@Global()
@Module({
  imports: [rpcClients],
  providers: [
    {
      provide: CachingFanTokenVerifier,
      inject: [USERS_RPC, ReservationsEnv, MetricsRegistry],
      useFactory: (users: RpcClient, env: ReservationsEnv, registry: MetricsRegistry) =>
        new CachingFanTokenVerifier(
          async (token) => (await users.send('users.authenticate', { access_token: token })).usuario_id,
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
