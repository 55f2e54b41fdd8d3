import { readFileSync } from 'node:fs';
import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { RPC_REPLAY_WINDOW_MS, RpcSigner } from '@eventflow/contracts';
import { aFan, anEvent, api, sharedStack, waitUntil } from '@eventflow/testing';

/**
 * The review's M3: anyone who could reach an RPC listener could release sold seats or forge
 * purchase history. Now a plain Nest ClientProxy, without EventFlow's secret, changes nothing.
 */
const stack = sharedStack();
const { organizer } = stack.keys;
const users = api(stack.services.users.url);
const events = api(stack.services.events.url);
const reservations = api(stack.services.reservations.url);

describe('the internal transport', () => {
  let plain: ClientProxy;
  let reservaId: string;
  let eventoId: string;
  let fanId: string;
  const send = (pattern: string, message: unknown) => firstValueFrom(plain.send(pattern, message).pipe(timeout(5_000)));
  const inventory = async () => (await events.get(`/api/events/${eventoId}/inventario`, { token: organizer })).body;
  const history = async (token: string) => (await users.get(`/api/users/${fanId}`, { token })).body.historial_compras;

  let fanToken: string;
  beforeAll(async () => {
    plain = ClientProxyFactory.create({ transport: Transport.TCP, options: { host: '127.0.0.1', port: stack.services.events.rpcPort } });
    eventoId = (await events.post('/api/events', anEvent({ aforo_total: 10 }), { token: organizer })).body.evento_id;
    const fan = (await users.post('/api/users', aFan())).body;
    fanId = fan.usuario_id;
    fanToken = fan.access_token;
    const reserved = await reservations.post('/api/reservar', { usuario_id: fanId, evento_id: eventoId, cantidad: 2 }, { token: fanToken });
    expect(reserved.status).toBe(201);
    reservaId = reserved.body.reserva_id;
  });
  afterAll(() => plain.close());

  const forgeries = (): [string, unknown][] => {
    const real = new RpcSigner(stack.env.RPC_SECRETS);
    const release = { evento_id: eventoId, reserva_id: reservaId };
    const signed = real.sign('events.inventory.release', release);
    const stale = new RpcSigner(stack.env.RPC_SECRETS, () => Date.now() - RPC_REPLAY_WINDOW_MS - 5_000).sign(
      'events.inventory.release',
      release,
    );
    return [
      ['unsigned', release],
      ['signed with another secret', new RpcSigner(`rpc-test:${'x'.repeat(43)}`).sign('events.inventory.release', release)],
      ['signed under an unknown key id', new RpcSigner(`intruder:${'x'.repeat(43)}`).sign('events.inventory.release', release)],
      ['stale', stale],
      ['tampered (another reservation)', { ...signed, payload: { ...release, reserva_id: `${reservaId}x` } }],
      ['signed for another pattern', { ...real.sign('events.get', release) }],
    ];
  };

  it('refuses a forged or unsigned events.inventory.release straight to the listener, and nothing changes', async () => {
    const before = await inventory();
    expect(before).toMatchObject({ vendidas: 2 });
    for (const [what, message] of forgeries()) {
      await expect(send('events.inventory.release', message)).rejects.toMatchObject({
        status: 'error',
        kind: 'unauthorized',
        code: 'RPC.UNAUTHORIZED',
      });
      expect({ what, inventory: await inventory() }).toEqual({ what, inventory: before });
    }
    expect((await reservations.get(`/api/reservar/${reservaId}`, { token: fanToken })).body.estado).toBe('confirmada');
  });

  it('refuses a replayed message: each signature is good once', async () => {
    const signer = new RpcSigner(stack.env.RPC_SECRETS);
    const message = signer.sign('events.get', { evento_id: eventoId });
    expect(await send('events.get', message)).toMatchObject({ evento_id: eventoId });
    await expect(send('events.get', message)).rejects.toMatchObject({ kind: 'unauthorized' });
  });

  it('refuses forged purchase history on the users listener', async () => {
    const usersClient = ClientProxyFactory.create({
      transport: Transport.TCP,
      options: { host: '127.0.0.1', port: stack.services.users.rpcPort },
    });
    try {
      const forged = {
        usuario_id: fanId,
        reserva_id: 'forged-1',
        evento_id: eventoId,
        cantidad: 9,
        monto: 0,
        fecha_compra: new Date().toISOString(),
      };
      await expect(firstValueFrom(usersClient.send('users.purchases.append', forged))).rejects.toMatchObject({ kind: 'unauthorized' });
      await expect(firstValueFrom(usersClient.send('users.authenticate', { access_token: fanToken }))).rejects.toMatchObject({
        kind: 'unauthorized',
      });
      expect((await history(fanToken)).map((entry: { reserva_id: string }) => entry.reserva_id)).toEqual([reservaId]);
    } finally {
      await usersClient.close();
    }
  });

  it('serves a message signed with RPC_SECRETS', async () => {
    const signed = new RpcSigner(stack.env.RPC_SECRETS).sign('events.get', { evento_id: eventoId });
    expect(await send('events.get', signed)).toMatchObject({ evento_id: eventoId, aforo_total: 10 });
  });

  it('logs each refusal by pattern and reason, never with its payload', async () => {
    const lines = await waitUntil(
      () => {
        const found = readFileSync(stack.services.events.logFile, 'utf8')
          .split('\n')
          .filter((line) => line.includes('refused an internal message'));
        return found.length >= forgeries().length ? found : undefined;
      },
      { description: 'the refusals in the events log' },
    );
    for (const line of lines) {
      expect(JSON.parse(line)).toMatchObject({ pattern: expect.stringMatching(/^events\./), reason: expect.any(String) });
      expect(line).not.toContain(reservaId);
      expect(line).not.toContain(eventoId);
    }
  });
});
