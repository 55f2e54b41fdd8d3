import { hashAccessToken } from '@eventflow/contracts';
import { aProtector } from '../privacy/privacy.fakes';
import { InMemoryAccessTokenRepository } from '../tokens/token.fakes';
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
  const tokens = new InMemoryAccessTokenRepository();
  const cache = new InMemoryProfileCache();
  const protector = aProtector(options);
  const register = new RegisterFanUseCase(users.asRepository(), tokens.asRepository(), protector, cache.asCache());
  return { users, tokens, cache, protector, register };
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

  it('M7: records who holds the token under its hash, so resolving it is a look-up by _id', async () => {
    const { tokens, register } = aRegistrar();
    const fan = await register.execute(aRegistration());
    expect(tokens.owners).toEqual(new Map([[hashAccessToken(fan.access_token), fan.usuario_id]]));
  });

  it('seals each value for its owner, so it cannot be moved to another fan', async () => {
    const { users, protector, register } = aRegistrar({ encrypt: true });
    const ana = await register.execute(aRegistration());
    const bea = await register.execute(aRegistration({ email: 'bea@example.com', nro_documento: '87654321' }));
    const anasEmail = users.stored.get(ana.usuario_id)!.email;
    expect(protector.revealEmail(anasEmail, ana.usuario_id)).toBe('ana@example.com');
    expect(() => protector.revealEmail(anasEmail, bea.usuario_id)).toThrow(/cannot decrypt email/);
  });

  it('L2: refuses a second fan with the same email or the same document without saying which matched', async () => {
    const { users, tokens, cache, register } = aRegistrar();
    await register.execute(aRegistration());
    for (const sameEmailOrDocument of [{ nro_documento: '87654321' }, { email: 'otra@example.com' }]) {
      const refused: unknown = await register.execute(aRegistration(sameEmailOrDocument)).catch((error: unknown) => error);
      expect(refused).toMatchObject({
        code: 'USER.ALREADY_REGISTERED',
        kind: 'conflict',
        message: 'A user with this email or this document is already registered',
      });
      expect(refused).toHaveProperty('extra', undefined);
    }
    expect(users.stored.size).toBe(1);
    expect(tokens.owners.size).toBe(1);
    expect(cache.tokenOwners.size).toBe(1);
    await register.execute(aRegistration({ email: 'otra@example.com', tipo_documento: 'Pasaporte' }));
    expect(users.stored.size).toBe(2);
  });
});
