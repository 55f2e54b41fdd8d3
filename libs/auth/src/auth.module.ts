import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ServiceEnv } from '@eventflow/config';
import { AccessGuard } from './access.guard';
import { ApiKeyRegistry } from './api-key.registry';
import { FailedAuthenticationLimiter } from './failed-authentication.limiter';
import { UsersRpcFanTokenVerifier } from './users-rpc-fan-token.verifier';

/** Registers the API keys and a global, deny-by-default AccessGuard. */
@Global()
@Module({
  providers: [
    { provide: ApiKeyRegistry, inject: [ServiceEnv], useFactory: (env: ServiceEnv) => new ApiKeyRegistry(env) },
    FailedAuthenticationLimiter,
    UsersRpcFanTokenVerifier,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [ApiKeyRegistry],
})
export class AuthModule {}
