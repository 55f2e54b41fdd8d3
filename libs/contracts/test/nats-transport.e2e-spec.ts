import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { ServiceEnv, validateEnv } from '@eventflow/config';
import { createRpcClient, EventsPatterns, RpcClient } from '@eventflow/contracts';
import { DependencyUnavailableError, DomainError } from '@eventflow/errors';
import { anEvent, api, startStack, TestStack, waitUntil } from '@eventflow/testing';

interface NatsConnection {
  name?: string;
  out_msgs: number;
}

/**
 * TRANSPORT=nats: two events instances in one queue group behind a private nats-server. Each
 * request reaches exactly one instance (nats-server's own delivery counts), and the envelope,
 * the error mapping and the fail-closed answers are those of TCP.
 */
describe('the internal transport over NATS', () => {
  let stack: TestStack;
  let client: RpcClient;
  let eventoId: string;

  /** Messages nats-server delivered to each events listener (connections are named eventflow-events-<pid>). */
  const deliveries = async (): Promise<number[]> => {
    const response = await fetch(`${stack.nats!.monitorUrl}/connz?limit=1024`);
    const { connections } = (await response.json()) as { connections: NatsConnection[] };
    return connections.filter((c) => c.name?.startsWith('eventflow-events-')).map((c) => c.out_msgs);
  };

  beforeAll(async () => {
    stack = await startStack({ transport: 'nats', only: ['users', 'events'] });
    await stack.addInstance('events');
    client = createRpcClient('events', validateEnv(ServiceEnv, stack.env));
    eventoId = (await api(stack.services.events.url).post('/api/events', anEvent({ aforo_total: 7 }), { token: stack.keys.organizer })).body
      .evento_id;
  }, 120_000);
  afterAll(async () => {
    await client?.close();
    await stack?.stop();
  });

  it('hands each request to exactly one instance of the queue group, and to both over many', async () => {
    await waitUntil(async () => (await deliveries()).length === 2, { description: 'both events listeners on NATS' });
    const before = await deliveries();
    const replies = await Promise.all(Array.from({ length: 40 }, () => client.send(EventsPatterns.get, { evento_id: eventoId })));
    expect(replies.every((reply) => reply?.evento_id === eventoId && reply.aforo_total === 7)).toBe(true);
    const after = await waitUntil(
      async () => {
        const now = await deliveries();
        return now.reduce((sum, n) => sum + n, 0) - before.reduce((sum, n) => sum + n, 0) >= 40 ? now : false;
      },
      { description: 'nats-server to count the deliveries' },
    );
    const each = after.map((n, i) => n - before[i]);
    expect(each.reduce((sum, n) => sum + n, 0)).toBe(40);
    expect(each.every((n) => n > 0)).toBe(true);
  });

  it('keeps the signed envelope, the error mapping and the fail-closed answers of TCP', async () => {
    const plain: ClientProxy = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [stack.nats!.url] } });
    try {
      const unsigned = firstValueFrom(plain.send(EventsPatterns.get, { evento_id: eventoId }).pipe(timeout(5_000)));
      await expect(unsigned).rejects.toMatchObject({ status: 'error', kind: 'unauthorized', code: 'RPC.UNAUTHORIZED' });
    } finally {
      await plain.close();
    }
    // A refused payload is a DomainError of kind invalid, as over TCP (not retried as an outage).
    const invalid = client.send(EventsPatterns.get, { evento_id: 'not-an-id' });
    await expect(invalid).rejects.toBeInstanceOf(DomainError);
    await expect(invalid).rejects.toMatchObject({ kind: 'invalid' });
    // No instance serves the pattern: an outage, answered at once by NATS (no responders), never a hang.
    await expect(client.send('events.nobody-serves-this' as typeof EventsPatterns.get, { evento_id: eventoId })).rejects.toBeInstanceOf(
      DependencyUnavailableError,
    );
  });
});
