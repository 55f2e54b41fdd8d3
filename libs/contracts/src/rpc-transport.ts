import type { ClientOptions, MicroserviceOptions } from '@nestjs/microservices';
import { Transport } from '@nestjs/microservices';
import type { ServiceEnv } from '@eventflow/config';
import type { RpcTarget } from './rpc.client';

/**
 * The one place that turns TRANSPORT into transport options, for the listener (bootstrap) and for
 * the clients (RpcClientsModule), so both ends always agree. Whatever the transport, a message is
 * the same signed envelope with the same deadline and the same error mapping: only the carrier
 * changes.
 *
 * - `tcp`: each service listens on RPC_HOST:RPC_PORT and is reached at *_RPC_HOST:*_RPC_PORT, so
 *   there is one instance of each service per address (fine on one machine).
 * - `nats`: each instance subscribes to its service's patterns in the queue group
 *   `eventflow.<service>`, so NATS hands each request to exactly one live instance, and instances
 *   come and go without anyone being told.
 */

/** Never give up on NATS: a server that restarts is rejoined, calls meanwhile fail fast as 503s. */
const NATS_FOREVER = { maxReconnectAttempts: -1, reconnectTimeWait: 250 } as const;

export const natsServers = (env: ServiceEnv): string[] => env.NATS_URL.split(',').map((url) => url.trim());

/** The queue group every instance of one service joins. */
export const natsQueueGroup = (service: string): string => `eventflow.${service}`;

export function rpcListenerOptions(service: string, env: ServiceEnv): MicroserviceOptions {
  if (env.TRANSPORT === 'nats') {
    return {
      transport: Transport.NATS,
      options: {
        servers: natsServers(env),
        queue: natsQueueGroup(service),
        name: `eventflow-${service}-${process.pid}`,
        // On shutdown: leave the queue group first, then let requests already taken finish.
        gracefulShutdown: true,
        gracePeriod: Math.min(env.RPC_TIMEOUT_MS, Math.floor(env.SHUTDOWN_TIMEOUT_MS / 2)),
        ...NATS_FOREVER,
      },
    };
  }
  return { transport: Transport.TCP, options: { host: env.RPC_HOST, port: env.RPC_PORT } };
}

export function rpcClientOptions(target: RpcTarget, env: ServiceEnv): ClientOptions {
  if (env.TRANSPORT === 'nats') {
    return {
      transport: Transport.NATS,
      options: { servers: natsServers(env), name: `eventflow-client-${target}-${process.pid}`, ...NATS_FOREVER },
    };
  }
  const host = target === 'users' ? env.USERS_RPC_HOST : env.EVENTS_RPC_HOST;
  const port = target === 'users' ? env.USERS_RPC_PORT : env.EVENTS_RPC_PORT;
  return { transport: Transport.TCP, options: { host, port } };
}

/** For the start-up line: where this instance listens, without any credential a NATS URL may carry. */
export function describeRpcListener(service: string, env: ServiceEnv): string {
  if (env.TRANSPORT === 'nats') {
    const servers = natsServers(env).map((url) => url.replace(/\/\/[^@/]*@/, '//'));
    return `nats ${servers.join(',')} queue ${natsQueueGroup(service)}`;
  }
  return `tcp ${env.RPC_HOST}:${env.RPC_PORT}`;
}
