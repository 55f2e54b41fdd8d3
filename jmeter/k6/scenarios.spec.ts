import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import * as ts from 'typescript';

const SCENARIOS = readdirSync(__dirname).filter((file) => file.endsWith('.js'));

/** What a scenario may import from k6: enough to evaluate its top level (options), never to run load. */
const K6_MODULES: Record<string, Record<string, unknown>> = {
  k6: {
    check: () => true,
    fail: (message: string) => {
      throw new Error(message);
    },
    group: () => undefined,
    sleep: () => undefined,
  },
  'k6/http': { default: new Proxy({}, { get: () => () => undefined }) },
  'k6/execution': { default: { vu: { idInTest: 0 }, scenario: {}, test: {} } },
  'k6/metrics': Object.fromEntries(
    ['Counter', 'Gauge', 'Rate', 'Trend'].map((name) => [
      name,
      class {
        add(): void {}
      },
    ]),
  ),
};

/**
 * Loads a scenario the way k6 would see it, without k6 (which this project does not install: it is
 * AGPL): parsed as an ES module, its imports resolved (local files, or the k6 modules above), its
 * top level evaluated. A syntax error, a missing import or a throwing top level fails here.
 */
function loadScenario(file: string, cache = new Map<string, Record<string, unknown>>()): Record<string, unknown> {
  const cached = cache.get(file);
  if (cached) return cached;
  const source = readFileSync(file, 'utf8');
  const output = ts.transpileModule(source, {
    fileName: file,
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, allowJs: true },
  });
  const errors = (output.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  if (errors.length > 0) throw new Error(`${file}: ${errors.join('; ')}`);
  const exports: Record<string, unknown> = {};
  cache.set(file, exports);
  const require = (spec: string): unknown => {
    if (spec.startsWith('.')) return loadScenario(resolve(dirname(file), spec), cache);
    const k6 = K6_MODULES[spec];
    if (!k6) throw new Error(`${file} imports ${spec}, which k6 does not provide`);
    return { __esModule: true, ...k6 };
  };
  runInNewContext(output.outputText, { exports, require, __ENV: {}, console, Date, Math, JSON });
  return exports;
}

/** A broken scenario script is caught here, by `npm test`, without running any load and without k6. */
describe('k6 scenarios', () => {
  it('ships every scenario the QA kit documents', () => {
    expect(SCENARIOS.sort()).toEqual([
      'events.js',
      'flash-sale.js',
      'reads.js',
      'reservations.js',
      'sustained.js',
      'throughput.js',
      'users.js',
      'waiting-room.js',
    ]);
  });

  it.each(SCENARIOS)('%s parses as an ES module and exports options with scenarios and thresholds', (file) => {
    const path = join(__dirname, file);
    expect(readFileSync(path, 'utf8')).toMatch(/^import /m);
    const scenario = loadScenario(path);
    const options = scenario.options as { thresholds?: Record<string, unknown[]>; scenarios?: Record<string, { exec?: string }> };
    expect(Object.keys(options.scenarios ?? {}).length).toBeGreaterThan(0);
    expect(Object.keys(options.thresholds ?? {}).length).toBeGreaterThan(0);
    for (const rules of Object.values(options.thresholds ?? {})) expect(rules.length).toBeGreaterThan(0);
    for (const { exec } of Object.values(options.scenarios ?? {})) expect(typeof scenario[exec ?? 'default']).toBe('function');
    expect(typeof scenario.handleSummary).toBe('function');
  });

  it('refuses a scenario that does not parse or imports what k6 lacks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'k6-spec-'));
    try {
      writeFileSync(join(dir, 'broken.js'), 'export const options = {\n');
      writeFileSync(join(dir, 'unknown.js'), "import { x } from 'k6/nonexistent';\nexport const options = {};\n");
      expect(() => loadScenario(join(dir, 'broken.js'))).toThrow(/broken\.js/);
      expect(() => loadScenario(join(dir, 'unknown.js'))).toThrow(/k6\/nonexistent/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('JMeter plan', () => {
  const plan = readFileSync(join(__dirname, '../EventFlow-Test-Plan.jmx'), 'utf8');

  it('keeps the original four scenarios with their shapes', () => {
    const groups = [...plan.matchAll(/<ThreadGroup [^>]*testname="([^"]+)"[\s\S]*?num_threads">(\d+)<[\s\S]*?ramp_time">(\d+)</g)].map(
      (m) => [m[1], Number(m[2]), Number(m[3])],
    );
    expect(groups).toEqual([
      ['1. Crear Usuarios (carga)', 50, 10],
      ['2. Crear Eventos (carga)', 20, 5],
      ['3. Consultar Eventos (estres)', 100, 20],
      ['4. Crear Reservas - SAGA (concurrencia)', 30, 5],
    ]);
  });

  it('calls the real routes with the credentials they require, and holds no secret', () => {
    for (const path of ['/api/users', '/api/events', '/api/events/${__P(event_id)}', '/api/reservar'])
      expect(plan).toContain(`<stringProp name="HTTPSampler.path">${path}</stringProp>`);
    expect(plan).toContain('Bearer ${__P(organizer_key)}');
    expect(plan).toContain('Bearer ${access_token}');
    expect(plan).toContain('"access_token":"([A-Za-z0-9_-]+)"');
    expect(plan).not.toMatch(/Bearer [A-Za-z0-9_-]{20,}/);
  });
});
