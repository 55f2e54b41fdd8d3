import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface RouteSummary {
  route: string;
  requests: number;
  ok: number;
  rejected: number;
  error: number;
  errorRate: number;
  p50: number;
  p95: number;
  p99: number;
  statuses: Record<string, number>;
  errorSamples: string[];
}
interface Expect {
  ok: number[];
  rejected?: number[];
}
interface BenchRecord {
  route: string;
  startMs: number;
  latencyMs: number;
  code: number;
}
/* eslint-disable @typescript-eslint/no-require-imports */
const stats = require('./stats') as {
  routeOf(method: string, url: string): string;
  readResults(file: string): BenchRecord[];
  summarizeRoutes(records: BenchRecord[], expect: Expect, attackSeconds: number): RouteSummary[];
  perSecond(
    records: BenchRecord[],
    expect: Expect,
    originMs: number,
  ): Record<string, { t: number; sent: number; done: number; p50: number | null }[]>;
  missedThresholds(routes: RouteSummary[], thresholds: { routes?: Record<string, { p95: number }>; errorRate?: number }): string[];
};
/* eslint-enable @typescript-eslint/no-require-imports */

const T0 = Date.parse('2026-12-01T10:00:00.000Z');

/** One line as `vegeta encode --to json` writes it. */
function vegetaLine(atMs: number, latencyMs: number, code: number, url = 'http://127.0.0.1:3003/api/reservar', error = ''): string {
  return JSON.stringify({
    attack: 'sagas',
    seq: 0,
    code,
    timestamp: new Date(T0 + atMs).toISOString().replace('Z', '123456Z'),
    latency: Math.round(latencyMs * 1e6),
    bytes_out: 0,
    bytes_in: 0,
    error,
    body: null,
    method: url.endsWith('/api/reservar') ? 'POST' : 'GET',
    url,
    headers: null,
  });
}

describe('bench statistics from vegeta results', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-stats-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function results(lines: string[]): BenchRecord[] {
    const file = join(dir, `${Math.random()}.json`);
    writeFileSync(file, lines.join('\n') + '\n');
    return stats.readResults(file);
  }

  it('names a route by its method and path, with the id under a collection as :id', () => {
    expect(stats.routeOf('GET', 'http://h:3002/api/events/665f1c2b9d3e4a0012345678')).toBe('GET /api/events/:id');
    expect(stats.routeOf('GET', 'http://h:3002/api/events/abc/inventario')).toBe('GET /api/events/:id/inventario');
    expect(stats.routeOf('POST', 'http://h:3003/api/reservar')).toBe('POST /api/reservar');
    expect(stats.routeOf('GET', 'http://h:3003/api/events/abc/fila/hR0xYz')).toBe('GET /api/events/:id/fila/:id');
    expect(stats.routeOf('GET', 'http://127.0.0.1:4000/bare')).toBe('GET /bare');
  });

  it('drops the empty result a lazy attack ends with, and keeps every request', () => {
    const records = results([
      vegetaLine(0, 10, 201),
      vegetaLine(5, 12, 201),
      JSON.stringify({
        attack: '',
        seq: 2,
        code: 0,
        timestamp: new Date(T0 + 10).toISOString(),
        latency: 900,
        error: 'no targets to attack',
        method: '',
        url: '',
      }),
    ]);
    expect(records.map((r) => [r.route, r.startMs - T0, r.latencyMs])).toEqual([
      ['POST /api/reservar', 0, 10],
      ['POST /api/reservar', 5, 12],
    ]);
  });

  it('keeps rejections by the rules (409) apart from errors, and counts a transport failure as an error', () => {
    const records = results([
      vegetaLine(0, 10, 201),
      vegetaLine(10, 20, 409),
      vegetaLine(20, 30, 500),
      vegetaLine(30, 30000, 0, undefined, 'Post "http://127.0.0.1:3003/api/reservar": context deadline exceeded'),
    ]);
    const [route] = stats.summarizeRoutes(records, { ok: [201], rejected: [409] }, 1);
    expect(route).toMatchObject({ requests: 4, ok: 1, rejected: 1, error: 2, errorRate: 0.5, statuses: { 201: 1, 409: 1, 500: 1, 0: 1 } });
    expect(route.errorSamples).toEqual(['HTTP 500', 'Post "http://127.0.0.1:3003/api/reservar": context deadline exceeded']);
    // The same 409 is an error where the scenario expects every saga to succeed.
    expect(stats.summarizeRoutes(records, { ok: [201] }, 1)[0]).toMatchObject({ rejected: 0, error: 3 });
  });

  it('takes nearest-rank percentiles over every request, slow failures included', () => {
    const records = results(Array.from({ length: 100 }, (_, i) => vegetaLine(i, i + 1, 201)));
    const [route] = stats.summarizeRoutes(records, { ok: [201] }, 1);
    expect([route.p50, route.p95, route.p99]).toEqual([50, 95, 99]);
  });

  it('buckets per second: sent by start time, answered by completion time', () => {
    const records = results([vegetaLine(100, 50, 201), vegetaLine(900, 300, 201), vegetaLine(1500, 10, 201), vegetaLine(1600, 10, 503)]);
    const [series] = Object.values(stats.perSecond(records, { ok: [201] }, T0));
    expect(series.map(({ t, sent, done }) => ({ t, sent, done }))).toEqual([
      { t: 0, sent: 2, done: 1 },
      { t: 1, sent: 2, done: 2 },
    ]);
    expect(series[0].p50).toBe(50);
  });

  it('names the thresholds a route missed', () => {
    const records = results([vegetaLine(0, 200, 201), vegetaLine(1, 100, 500)]);
    const routes = stats.summarizeRoutes(records, { ok: [201] }, 1);
    expect(stats.missedThresholds(routes, { routes: { 'POST /api/reservar': { p95: 150 } }, errorRate: 0.01 })).toEqual([
      'POST /api/reservar: p95 200.0 ms ≥ 150 ms',
      'POST /api/reservar: errors 50.00 % ≥ 1 %',
    ]);
    expect(stats.missedThresholds(routes, { routes: { 'POST /api/reservar': { p95: 250 } } })).toEqual([]);
  });
});
