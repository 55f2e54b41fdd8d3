import { ApiKeyRegistry } from './api-key.registry';

const secret = (c: string) => c.repeat(32);

describe(ApiKeyRegistry.name, () => {
  const registry = new ApiKeyRegistry({
    ORGANIZER_KEYS: `org-a:${secret('a')},org-b:${secret('b')}`,
    ANALYST_KEYS: `an-1:${secret('c')}`,
    ADMIN_KEYS: `root:${secret('d')}`,
  });

  it('recognises every key of every role', () => {
    expect(registry.authenticate(secret('a'))).toEqual({ id: 'org-a', role: 'organizer' });
    expect(registry.authenticate(secret('b'))).toEqual({ id: 'org-b', role: 'organizer' });
    expect(registry.authenticate(secret('c'))).toEqual({ id: 'an-1', role: 'analyst' });
    expect(registry.authenticate(secret('d'))).toEqual({ id: 'root', role: 'admin' });
  });

  it('rejects unknown secrets and key ids used as secrets', () => {
    expect(registry.authenticate(secret('z'))).toBeUndefined();
    expect(registry.authenticate('org-a')).toBeUndefined();
    expect(registry.authenticate('')).toBeUndefined();
  });

  it('L3: rotates a key under its id, so the organizer stays who they were (and owns their events)', () => {
    const during = new ApiKeyRegistry({ ORGANIZER_KEYS: `org1:${secret('n')}|${secret('o')},org2:${secret('x')}` });
    expect(during.authenticate(secret('o'))).toEqual({ id: 'org1', role: 'organizer' });
    expect(during.authenticate(secret('n'))).toEqual({ id: 'org1', role: 'organizer' });
    expect(during.size).toBe(2);
    const after = new ApiKeyRegistry({ ORGANIZER_KEYS: `org1:${secret('n')},org2:${secret('x')}` });
    expect(after.authenticate(secret('n'))).toEqual({ id: 'org1', role: 'organizer' });
    expect(after.authenticate(secret('o'))).toBeUndefined();
  });

  it('refuses one id under two roles, an id listed twice, and one secret under two ids', () => {
    expect(() => new ApiKeyRegistry({ ORGANIZER_KEYS: `x:${secret('a')}`, ADMIN_KEYS: `x:${secret('b')}` })).toThrow(/used twice/);
    expect(() => new ApiKeyRegistry({ ORGANIZER_KEYS: `x:${secret('a')},x:${secret('b')}` })).toThrow(/listed twice: give it one entry/);
    expect(() => new ApiKeyRegistry({ ORGANIZER_KEYS: `x:${secret('a')},y:${secret('a')}` })).toThrow(/a secret of API key id "y"/);
    expect(() => new ApiKeyRegistry({ ORGANIZER_KEYS: `x:${secret('a')}`, ADMIN_KEYS: `y:${secret('b')}|${secret('a')}` })).toThrow(
      /listed twice/,
    );
  });

  it('works with no keys configured (nobody is staff)', () => {
    expect(new ApiKeyRegistry({}).authenticate(secret('a'))).toBeUndefined();
  });
});
