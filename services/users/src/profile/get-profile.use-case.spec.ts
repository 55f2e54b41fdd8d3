import { aProtector } from '../privacy/privacy.fakes';
import { RegisterFanUseCase } from '../registration/register-fan.use-case';
import { InMemoryAccessTokenRepository } from '../tokens/token.fakes';
import { InMemoryProfileCache, InMemoryUserRepository } from '../users/user.fakes';
import { GetProfileUseCase } from './get-profile.use-case';

async function aRegisteredFan(options: { encrypt?: boolean } = {}) {
  const users = new InMemoryUserRepository();
  const cache = new InMemoryProfileCache();
  const protector = aProtector(options);
  const fan = await new RegisterFanUseCase(
    users.asRepository(),
    new InMemoryAccessTokenRepository().asRepository(),
    protector,
    cache.asCache(),
  ).execute({
    tipo_documento: 'DNI',
    nro_documento: '12345678',
    nombre: 'Ana',
    apellido: 'García',
    email: 'ana@example.com',
  });
  return { users, cache, fan, profiles: new GetProfileUseCase(users.asRepository(), cache.asCache(), protector) };
}

describe(GetProfileUseCase.name, () => {
  it('reads a fan from the database once, then from the cache', async () => {
    const { fan, profiles } = await aRegisteredFan();
    const first = await profiles.execute(fan.usuario_id);
    expect(first).toMatchObject({ source: 'database', maybeStale: false });
    expect(first.profile).toEqual({
      usuario_id: fan.usuario_id,
      _id: fan.usuario_id,
      nombre: 'Ana',
      apellido: 'García',
      email: 'ana@example.com',
      tipo_documento: 'DNI',
      fecha_registro: fan.fecha_registro,
      historial_compras: [],
    });
    expect(await profiles.execute(fan.usuario_id)).toEqual({ ...first, source: 'cache' });
  });

  it('does not cache a copy read before a write that landed meanwhile (it would hide the write)', async () => {
    const { users, cache, fan, profiles } = await aRegisteredFan();
    const find = users.findProfile.bind(users);
    users.findProfile = async (id) => {
      const read = await find(id);
      await cache.invalidate(id); // a purchase is recorded while this read is in flight
      return read;
    };
    await profiles.execute(fan.usuario_id);
    expect(cache.profiles.has(fan.usuario_id)).toBe(false);
  });

  it('serves the cached copy while MongoDB is down, flagged as possibly stale', async () => {
    const { users, fan, profiles } = await aRegisteredFan();
    await profiles.execute(fan.usuario_id);
    users.connected = false;
    expect(await profiles.execute(fan.usuario_id)).toMatchObject({ source: 'cache', maybeStale: true });
  });

  it('reads from the database while Redis is down', async () => {
    const { cache, fan, profiles } = await aRegisteredFan();
    cache.unavailable = true;
    expect(await profiles.execute(fan.usuario_id)).toMatchObject({ source: 'database', profile: { nombre: 'Ana' } });
    expect(await profiles.execute(fan.usuario_id)).toMatchObject({ source: 'database' });
  });

  it('shows the fan their email in clear although it is sealed at rest and in the cache', async () => {
    const { cache, fan, profiles } = await aRegisteredFan({ encrypt: true });
    await profiles.execute(fan.usuario_id);
    expect(cache.profiles.get(fan.usuario_id)?.email).toMatch(/^v1\./);
    expect((await profiles.execute(fan.usuario_id)).profile.email).toBe('ana@example.com');
  });

  it('answers USER.NOT_FOUND for an unknown fan, and the saga undefined', async () => {
    const { profiles } = await aRegisteredFan();
    const unknown = 'f'.repeat(24);
    await expect(profiles.execute(unknown)).rejects.toMatchObject({
      code: 'USER.NOT_FOUND',
      kind: 'not_found',
      message: `No user with id ${unknown}`,
    });
    expect(await profiles.findStored(unknown)).toBeUndefined();
  });
});
