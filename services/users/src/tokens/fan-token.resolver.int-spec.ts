import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { aFan } from '@eventflow/testing';
import { useUsersStores, UsersInstance } from '../../test/real-users';
import type { RegisterFanDto } from '../registration/register-fan.dto';
import { hashAccessToken } from '@eventflow/contracts';
import { issueAccessToken } from './access-token';

interface SentCommand {
  name: string;
  collection: unknown;
  filter: unknown;
}

/**
 * The review's M7: resolving a fan token ran `findOne({access_token_hash})` on users, a scan of
 * the collection on FerretDB's SQLite backend, for every request with a random bearer token.
 */
describe('M7: resolving fan tokens on FerretDB', () => {
  const stores = useUsersStores();
  let users: UsersInstance;
  let sent: SentCommand[];

  beforeAll(async () => {
    users = await stores.instance({ dbName: 'tokens' });
    sent = [];
    users.connection.getClient().on('commandStarted', (event) => {
      if (['find', 'aggregate', 'count', 'update', 'insert', 'delete'].includes(event.commandName))
        sent.push({ name: event.commandName, collection: event.command[event.commandName], filter: event.command.filter });
    });
  });

  /** Commands the resolution sends to MongoDB, starting from an empty Redis (nothing cached). */
  const commandsOf = async (work: () => Promise<unknown>) => {
    sent.length = 0;
    await work();
    return [...sent];
  };
  const randomToken = () => randomBytes(32).toString('base64url');

  it('resolves a registered fan by one look-up of the token hash by _id, not a scan of users', async () => {
    const fan = await users.register.execute(aFan() as unknown as RegisterFanDto);
    await users.backfill.run();
    await users.redis.flushall();
    let resolved: string | undefined;
    const commands = await commandsOf(async () => (resolved = await users.resolver.verify(fan.access_token)));
    expect(resolved).toBe(fan.usuario_id);
    expect(commands).toEqual([{ name: 'find', collection: 'access_tokens', filter: { _id: hashAccessToken(fan.access_token) } }]);
    // ...and the next resolution is Redis's alone.
    expect(await commandsOf(() => users.resolver.verify(fan.access_token))).toEqual([]);
  });

  it('answers a random token with one look-up by _id, then from a short negative cache in Redis', async () => {
    await users.backfill.run();
    const token = randomToken();
    let resolved: string | undefined = 'not asked';
    const first = await commandsOf(async () => (resolved = await users.resolver.verify(token)));
    expect(resolved).toBeUndefined();
    expect(first).toEqual([{ name: 'find', collection: 'access_tokens', filter: { _id: hashAccessToken(token) } }]);
    expect(await commandsOf(() => users.resolver.verify(token))).toEqual([]);
    expect(await users.redis.ttl(`eventflow:users:token:${hashAccessToken(token)}`)).toBeLessThanOrEqual(10);
  });

  it('the look-up is answered from the _id index (the SQLite query plan says SEARCH, never SCAN)', async () => {
    const collection = users.connection.db!.collection('access_tokens');
    const plan = (await collection.find({ _id: hashAccessToken(randomToken()) as never }).explain()) as {
      queryPlanner?: { Plan?: string[] };
    };
    const steps = plan.queryPlanner?.Plan ?? [];
    expect(steps.some((step) => /SEARCH \S+ USING INDEX \S+__id_/.test(step))).toBe(true);
    expect(steps.some((step) => /\bSCAN\b/.test(step))).toBe(false);
  });

  it('backfills fans registered before access_tokens existed, and resolves them meanwhile', async () => {
    const fresh = await stores.instance({ dbName: 'tokens_backfill' });
    const legacy = issueAccessToken();
    const legacyId = new Types.ObjectId();
    await fresh.connection.db!.collection('users').insertOne({
      _id: legacyId,
      nombre: 'Old',
      apellido: 'Timer',
      email: 'old@example.com',
      email_hash: 'e-old',
      dominio_email: 'example.com',
      tipo_documento: 'DNI',
      nro_documento_hash: 'd-old',
      access_token_hash: legacy.hash,
      fecha_registro: new Date('2020-01-01T00:00:00Z'),
      historial_compras: {},
    });
    // Before the backfill has run, a miss is checked against users: no fan is locked out by the upgrade.
    expect(await fresh.resolver.verify(legacy.token)).toBe(legacyId.toHexString());
    expect(await fresh.backfill.run()).toBe(1);
    expect(await fresh.backfill.run()).toBe(0);
    await fresh.redis.flushall();
    sent.length = 0;
    fresh.connection.getClient().on('commandStarted', (event) => {
      if (event.commandName === 'find') sent.push({ name: 'find', collection: event.command.find, filter: event.command.filter });
    });
    expect(await fresh.resolver.verify(legacy.token)).toBe(legacyId.toHexString());
    expect(sent).toEqual([{ name: 'find', collection: 'access_tokens', filter: { _id: legacy.hash } }]);
  });
});
