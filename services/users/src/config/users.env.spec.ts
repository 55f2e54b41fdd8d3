import { randomBytes } from 'node:crypto';
import { validateEnv } from '@eventflow/config';
import { UsersEnv } from './users.env';

const key = () => randomBytes(32).toString('base64');
const required = { RPC_SECRETS: `rpc1:${'s'.repeat(32)}`, DOCUMENT_HASH_KEY: 'h'.repeat(32) };

describe(UsersEnv.name, () => {
  it('takes several encryption keys, the first one sealing', () => {
    const keys = `k2:${key()},k1:${key()}`;
    expect(validateEnv(UsersEnv, { ...required, ENABLE_ENCRYPTION: 'true', ENCRYPTION_KEYS: keys }).ENCRYPTION_KEYS).toBe(keys);
  });

  it('L7: refuses a key id listed twice, in one line that shows no key', () => {
    const list = `k1:${key()},k1:${key()}`;
    let message = '';
    try {
      validateEnv(UsersEnv, { ...required, ENCRYPTION_KEYS: list });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^ENCRYPTION_KEYS is invalid: must name each key id once .*\(got "<redacted>"\)$/);
    expect(message).not.toContain(list.slice(3, 20));
  });

  it('limits registrations to 20 a minute per address by default', () => {
    expect(validateEnv(UsersEnv, required)).toMatchObject({ REGISTRATION_RATE_LIMIT: 20, REGISTRATION_RATE_WINDOW_MS: 60_000 });
    expect(() => validateEnv(UsersEnv, { ...required, REGISTRATION_RATE_LIMIT: '0' })).toThrow(/REGISTRATION_RATE_LIMIT is invalid/);
  });
});
