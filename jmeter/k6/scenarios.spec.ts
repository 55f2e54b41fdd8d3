import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const K6 = process.env.K6_BIN ?? join(ROOT, '.tools/bin/k6');
const SCENARIOS = readdirSync(__dirname).filter((file) => file.endsWith('.js'));

/** A broken scenario script is caught here, by `npm test`, without running any load. */
describe('k6 scenarios', () => {
  it('has k6 installed (scripts/install-tools.sh --k6)', () => {
    expect(existsSync(K6)).toBe(true);
  });

  it('ships every scenario the QA kit documents', () => {
    expect(SCENARIOS.sort()).toEqual(['events.js', 'flash-sale.js', 'reads.js', 'reservations.js', 'sustained.js', 'throughput.js', 'users.js']);
  });

  it.each(SCENARIOS)('%s loads, and declares thresholds and a summary file', (file) => {
    const result = spawnSync(K6, ['inspect', '--execution-requirements', join(__dirname, file)], { encoding: 'utf8', timeout: 30_000 });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const options = JSON.parse(result.stdout) as { thresholds?: Record<string, unknown>; scenarios?: Record<string, unknown> };
    expect(Object.keys(options.thresholds ?? {}).length).toBeGreaterThan(0);
    expect(Object.keys(options.scenarios ?? {}).length).toBeGreaterThan(0);
    expect(readFileSync(join(__dirname, file), 'utf8')).toMatch(/export const handleSummary = summaryWriter\('[a-z-]+'\)/);
  });
});
