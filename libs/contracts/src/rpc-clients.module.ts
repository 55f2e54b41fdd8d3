import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { ClientProxyFactory } from '@nestjs/microservices';
import { ServiceEnv } from '@eventflow/config';
import { RpcClient, RpcTarget } from './rpc.client';
import { RpcSigner } from './rpc-envelope';
import { rpcClientOptions } from './rpc-transport';

export const USERS_RPC = Symbol('USERS_RPC');
export const EVENTS_RPC = Symbol('EVENTS_RPC');

const TOKENS: Record<RpcTarget, symbol> = { users: USERS_RPC, events: EVENTS_RPC };

/** A client for another service's internal listener (over TRANSPORT); it connects on its first call. */
export function createRpcClient(target: RpcTarget, env: ServiceEnv): RpcClient {
  const proxy = ClientProxyFactory.create(rpcClientOptions(target, env));
  return new RpcClient(target, proxy, env.RPC_TIMEOUT_MS, new RpcSigner(env.RPC_SECRETS));
}

/** Clients for the other services' internal listeners, injected as USERS_RPC / EVENTS_RPC. */
@Module({})
export class RpcClientsModule {
  static register(targets: RpcTarget[]): DynamicModule {
    const providers = targets.map((target) => ({
      provide: TOKENS[target],
      inject: [ServiceEnv],
      useFactory: (env: ServiceEnv) => createRpcClient(target, env),
    }));
    const closers = targets.map((target) => {
      @Injectable()
      class CloseClient implements OnApplicationShutdown {
        constructor(@Inject(TOKENS[target]) private readonly client: RpcClient) {}
        async onApplicationShutdown(): Promise<void> {
          await this.client.close();
        }
      }
      return CloseClient;
    });
    return { module: RpcClientsModule, providers: [...providers, ...closers], exports: providers.map((p) => p.provide) };
  }
}
