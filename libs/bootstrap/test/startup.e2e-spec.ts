import { spawnSync } from 'node:child_process';
import { baseEnv, randomKeys, serviceEntry, SERVICE_NAMES } from '@eventflow/testing';

/** A newcomer who mistypes a setting gets one clear line and a non-zero exit, not a stack trace. */
describe('start-up with an invalid setting', () => {
  it.each(SERVICE_NAMES)('%s exits 1 naming PORT=abc in one line', (name) => {
    // Everything else valid, so the one bad setting is what gets named.
    const result = spawnSync(process.execPath, [serviceEntry(name)], {
      env: { ...process.env, ...baseEnv(randomKeys()), PORT: 'abc' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^eventflow-${name}: invalid configuration: PORT is invalid: .*"abc"`));
  });
});
