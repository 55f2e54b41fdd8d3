import { IsString } from 'class-validator';
import { ServiceEnv } from './service-env';
import { InvalidConfigError, validateEnv } from './validate-env';

class ExampleEnv extends ServiceEnv {
  override PORT = 3009;

  @IsString()
  SIGNING_KEY!: string;
}

const RPC = { RPC_SECRETS: `rpc1:${'s'.repeat(32)}` };

describe(validateEnv.name, () => {
  it('applies defaults and converts numbers', () => {
    const env = validateEnv(ExampleEnv, { ...RPC, SIGNING_KEY: 'x', RPC_PORT: '4100' });
    expect(env.PORT).toBe(3009);
    expect(env.RPC_PORT).toBe(4100);
    expect(env.MONGO_URL).toMatch(/^mongodb:\/\//);
  });

  it('names the malformed variable in one line', () => {
    expect(() => validateEnv(ExampleEnv, { ...RPC, SIGNING_KEY: 'x', PORT: 'abc' })).toThrow(InvalidConfigError);
    try {
      validateEnv(ExampleEnv, { ...RPC, SIGNING_KEY: 'x', PORT: 'abc' });
    } catch (error) {
      expect((error as Error).message).toMatch(/^PORT is invalid: .*\(got "abc"\)$/);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('reports a missing required variable', () => {
    expect(() => validateEnv(ExampleEnv, { ...RPC })).toThrow(/SIGNING_KEY is invalid: .*it is not set/);
  });

  it('never echoes the value of a secret', () => {
    expect(() => validateEnv(ExampleEnv, { ...RPC, SIGNING_KEY: 'x', ADMIN_KEYS: 'not a key list' })).toThrow(
      /ADMIN_KEYS is invalid: .*<redacted>/,
    );
  });

  it('L3: takes several secrets per staff key id, separated by |, each at least 24 characters', () => {
    const [a, b] = ['a'.repeat(24), 'b'.repeat(24)];
    const env = validateEnv(ExampleEnv, { ...RPC, SIGNING_KEY: 'x', ORGANIZER_KEYS: `org1:${a}|${b},org2:${b.toUpperCase()}` });
    expect(env.ORGANIZER_KEYS).toBe(`org1:${a}|${b},org2:${b.toUpperCase()}`);
    for (const list of [`org1:${a}|`, `org1:${a}||${b}`, `org1:${a}|short`, `org1:|${a}`]) {
      expect(() => validateEnv(ExampleEnv, { ...RPC, SIGNING_KEY: 'x', ORGANIZER_KEYS: list })).toThrow(
        /ORGANIZER_KEYS is invalid: .*<redacted>/,
      );
    }
  });

  it('treats empty values as unset, so defaults still apply', () => {
    expect(validateEnv(ExampleEnv, { ...RPC, SIGNING_KEY: 'x', PORT: '' }).PORT).toBe(3009);
  });

  it('requires the internal transport secrets, at least 32 characters each, and never echoes them', () => {
    expect(() => validateEnv(ExampleEnv, { SIGNING_KEY: 'x' })).toThrow(/RPC_SECRETS is invalid: .*it is not set/);
    const short = `rpc1:${'s'.repeat(32)},rpc0:${'t'.repeat(31)}`;
    expect(() => validateEnv(ExampleEnv, { SIGNING_KEY: 'x', RPC_SECRETS: short })).toThrow(/RPC_SECRETS is invalid: .*"<redacted>"/);
    try {
      validateEnv(ExampleEnv, { SIGNING_KEY: 'x', RPC_SECRETS: short });
    } catch (error) {
      expect((error as Error).message).not.toContain('sss');
    }
    expect(validateEnv(ExampleEnv, { ...RPC, SIGNING_KEY: 'x' }).RPC_SECRETS).toBe(RPC.RPC_SECRETS);
  });
});
