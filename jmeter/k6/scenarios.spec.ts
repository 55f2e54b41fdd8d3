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

describe('JMeter plan', () => {
  const plan = readFileSync(join(__dirname, '../EventFlow-Test-Plan.jmx'), 'utf8');

  it('keeps the original four scenarios with their shapes', () => {
    const groups = [...plan.matchAll(/<ThreadGroup [^>]*testname="([^"]+)"[\s\S]*?num_threads">(\d+)<[\s\S]*?ramp_time">(\d+)</g)].map((m) => [m[1], Number(m[2]), Number(m[3])]);
    expect(groups).toEqual([
      ['1. Crear Usuarios (carga)', 50, 10],
      ['2. Crear Eventos (carga)', 20, 5],
      ['3. Consultar Eventos (estres)', 100, 20],
      ['4. Crear Reservas - SAGA (concurrencia)', 30, 5],
    ]);
  });

  it('calls the real routes with the credentials they require, and holds no secret', () => {
    for (const path of ['/api/users', '/api/events', '/api/events/${__P(event_id)}', '/api/reservar']) expect(plan).toContain(`<stringProp name="HTTPSampler.path">${path}</stringProp>`);
    expect(plan).toContain('Bearer ${__P(organizer_key)}');
    expect(plan).toContain('Bearer ${access_token}');
    expect(plan).toContain('"access_token":"([A-Za-z0-9_-]+)"');
    expect(plan).not.toMatch(/Bearer [A-Za-z0-9_-]{20,}/);
  });
});
