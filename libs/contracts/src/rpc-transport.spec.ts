import { Transport } from '@nestjs/microservices';
import { ServiceEnv, validateEnv } from '@eventflow/config';
import { describeRpcListener, natsQueueGroup, rpcClientOptions, rpcListenerOptions } from './rpc-transport';

const env = (overrides: Record<string, string> = {}) =>
  validateEnv(ServiceEnv, { RPC_SECRETS: `rpc-test:${'s'.repeat(43)}`, ...overrides });

describe('the internal transport options', () => {
  it('listen and call over TCP by default, on the configured addresses', () => {
    const tcp = env({ RPC_PORT: '4101', EVENTS_RPC_HOST: '10.0.0.2', EVENTS_RPC_PORT: '4102' });
    expect(rpcListenerOptions('users', tcp)).toEqual({ transport: Transport.TCP, options: { host: '127.0.0.1', port: 4101 } });
    expect(rpcClientOptions('events', tcp)).toEqual({ transport: Transport.TCP, options: { host: '10.0.0.2', port: 4102 } });
  });

  it('put every instance of one service in one queue group over NATS, and the clients on the same servers', () => {
    const nats = env({ TRANSPORT: 'nats', NATS_URL: 'nats://a:4222,nats://b:4222' });
    const listener = rpcListenerOptions('events', nats);
    expect(listener).toMatchObject({
      transport: Transport.NATS,
      options: { servers: ['nats://a:4222', 'nats://b:4222'], queue: 'eventflow.events', gracefulShutdown: true },
    });
    expect(natsQueueGroup('events')).not.toBe(natsQueueGroup('users'));
    expect(rpcClientOptions('users', nats)).toMatchObject({
      transport: Transport.NATS,
      options: { servers: ['nats://a:4222', 'nats://b:4222'] },
    });
  });

  it('never puts a credential of NATS_URL in the start-up line', () => {
    const line = describeRpcListener('users', env({ TRANSPORT: 'nats', NATS_URL: 'nats://svc:hunter2hunter2@nats.internal:4222' }));
    expect(line).toBe('nats nats://nats.internal:4222 queue eventflow.users');
  });

  it('refuses a TRANSPORT or NATS_URL it does not know at start-up', () => {
    expect(() => env({ TRANSPORT: 'grpc' })).toThrow(/TRANSPORT/);
    expect(() => env({ TRANSPORT: 'nats', NATS_URL: 'http://nats:4222' })).toThrow(/NATS_URL/);
  });
});
