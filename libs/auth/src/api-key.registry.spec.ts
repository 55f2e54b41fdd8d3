import { ApiKeyRegistry } from './api-key.registry';

const secret = (c: string) => c.repeat(32);

describe(ApiKeyRegistry.name, () => {
  const registry = new ApiKeyRegistry({
    ORGANIZER_KEYS: `org-a:${secret('a')},org-b:${secret('b')}`,
    ANALYST_KEYS: `an-1:${secret('c')}`,
    ADMIN_KEYS: `root:${secret('d')}`,
  });

  it('recognises every key of every role, so keys can be rotated', () => {
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

  it('refuses two keys with the same id', () => {
    expect(() => new ApiKeyRegistry({ ORGANIZER_KEYS: `x:${secret('a')}`, ADMIN_KEYS: `x:${secret('b')}` })).toThrow(/used twice/);
  });

  it('works with no keys configured (nobody is staff)', () => {
    expect(new ApiKeyRegistry({}).authenticate(secret('a'))).toBeUndefined();
  });
});
