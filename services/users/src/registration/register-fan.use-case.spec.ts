import { hashAccessToken } from '../tokens/access-token';
import { aProtector } from '../privacy/privacy.fakes';
import { InMemoryProfileCache, InMemoryUserRepository } from '../users/user.fakes';
import { RegisterFanDto } from './register-fan.dto';
import { RegisterFanUseCase } from './register-fan.use-case';

const aRegistration = (overrides: Partial<RegisterFanDto> = {}): RegisterFanDto => ({
  tipo_documento: 'DNI',
  nro_documento: '12345678',
  nombre: 'Ana',
  apellido: 'García',
  email: 'ana@example.com',
  ...overrides,
});

function aRegistrar(options: { encrypt?: boolean } = {}) {
  const users = new InMemoryUserRepository();
  const cache = new InMemoryProfileCache();
  return { users, cache, register: new RegisterFanUseCase(users.asRepository(), aProtector(options), cache.asCache()) };
}

describe(RegisterFanUseCase.name, () => {
  it('registers a fan and hands out an access token once, keeping only hashes of the token and the document', async () => {
    const { users, register } = aRegistrar();
    const fan = await register.execute(aRegistration());
    expect(fan).toMatchObject({ nombre: 'Ana', apellido: 'García', email: 'ana@example.com', tipo_documento: 'DNI', _id: fan.usuario_id });
    const stored = users.stored.get(fan.usuario_id)!;
    expect(stored.access_token_hash).toBe(hashAccessToken(fan.access_token));
    expect(stored.dominio_email).toBe('example.com');
    expect(JSON.stringify(stored)).not.toContain('12345678');
    expect(JSON.stringify(stored)).not.toContain(fan.access_token);
  });

  it('seals the email and the document when encryption is on', async () => {
    const { users, register } = aRegistrar({ encrypt: true });
    const fan = await register.execute(aRegistration());
    const stored = users.stored.get(fan.usuario_id)!;
    expect(stored.email).toMatch(/^v1\./);
    expect(stored.nro_documento_cifrado).toMatch(/^v1\./);
    expect(fan.email).toBe('ana@example.com');
  });

  it('caches who owns the new token, so the first reservation costs no MongoDB read', async () => {
    const { cache, register } = aRegistrar();
    const fan = await register.execute(aRegistration());
    expect(cache.tokenOwners.get(hashAccessToken(fan.access_token))).toBe(fan.usuario_id);
  });

  it('refuses a second fan with the same email or the same document, naming the field', async () => {
    const { users, cache, register } = aRegistrar();
    await register.execute(aRegistration());
    await expect(register.execute(aRegistration({ nro_documento: '87654321' }))).rejects.toMatchObject({
      code: 'USER.DUPLICATE_EMAIL',
      kind: 'conflict',
      message: 'A user with this email is already registered',
      extra: { campo: 'email' },
    });
    await expect(register.execute(aRegistration({ email: 'otra@example.com' }))).rejects.toMatchObject({
      code: 'USER.DUPLICATE_NRO_DOCUMENTO',
      extra: { campo: 'nro_documento' },
    });
    expect(users.stored.size).toBe(1);
    expect(cache.tokenOwners.size).toBe(1);
    await register.execute(aRegistration({ email: 'otra@example.com', tipo_documento: 'Pasaporte' }));
    expect(users.stored.size).toBe(2);
  });
});
