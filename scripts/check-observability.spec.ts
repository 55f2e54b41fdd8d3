import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metricsIn, runPromtool } from '@eventflow/testing';

const ROOT = join(__dirname, '..');
const DIR = join(ROOT, 'docs/observability');
const DASHBOARD = join(DIR, 'grafana/dashboards/eventflow.json');

interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource: { type: string; uid: string };
  targets: { refId: string; expr: string }[];
}

describe('the observability configuration (docs/observability)', () => {
  it('has alert rules promtool accepts', () => {
    expect(runPromtool(['check', 'rules', join(DIR, 'alerts.yml')]).status).toBe(0);
  });

  it('has alert rules whose unit tests pass (promtool test rules)', () => {
    const tested = runPromtool(['test', 'rules', join(DIR, 'alerts.test.yml')]);
    expect(tested.output).toContain('SUCCESS');
    expect(tested.status).toBe(0);
  });

  it('has a scrape configuration promtool accepts, with its rules and the admin key as bearer credential', () => {
    const dir = mkdtempSync(join(tmpdir(), 'prometheus-config-'));
    try {
      // The credential file is a compose secret at run time: a stand-in here, since promtool opens it.
      const config = readFileSync(join(DIR, 'prometheus.yml'), 'utf8');
      expect(config).toContain('credentials_file: /run/secrets/prometheus_admin_key');
      writeFileSync(join(dir, 'admin-key'), 'stand-in\n');
      writeFileSync(join(dir, 'prometheus.yml'), config.replace('/run/secrets/prometheus_admin_key', join(dir, 'admin-key')));
      copyFileSync(join(DIR, 'alerts.yml'), join(dir, 'alerts.yml'));
      const checked = runPromtool(['check', 'config', join(dir, 'prometheus.yml')]);
      expect(checked.output).toContain('SUCCESS: 1 rule files found');
      expect(checked.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has a Grafana dashboard with the fields of Grafana’s dashboard model, panels on the 24-column grid, none overlapping', () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8'));
    expect(dashboard).toMatchObject({
      uid: expect.stringMatching(/^[\w-]{1,40}$/),
      title: expect.any(String),
      schemaVersion: expect.any(Number),
      time: { from: expect.any(String), to: expect.any(String) },
      templating: {
        list: expect.arrayContaining([expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' })]),
      },
    });
    const panels: Panel[] = dashboard.panels;
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    const cells = new Set<string>();
    for (const panel of panels) {
      expect(['timeseries', 'stat']).toContain(panel.type);
      expect(panel.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
      const { x, y, w, h } = panel.gridPos;
      expect(x + w).toBeLessThanOrEqual(24);
      for (let i = x; i < x + w; i++)
        for (let j = y; j < y + h; j++) {
          expect(cells.has(`${i},${j}`)).toBe(false);
          cells.add(`${i},${j}`);
        }
      expect(panel.targets.length).toBeGreaterThan(0);
      for (const target of panel.targets) expect(metricsIn(target.expr).length).toBeGreaterThan(0);
    }
  });

  it('shows what an on-sale needs: sagas, p95 per route, inventory, dead letters, cache hits, queues, event-loop lag', () => {
    const exprs = (JSON.parse(readFileSync(DASHBOARD, 'utf8')).panels as Panel[]).flatMap((p) => p.targets.map((t) => t.expr)).join('\n');
    for (const metric of [
      'eventflow_sagas_total',
      'eventflow_http_request_duration_seconds_bucket',
      'eventflow_inventory_tickets',
      'eventflow_reservations_compensation_dead_letters',
      'eventflow_cache_requests_total',
      'eventflow_queue_jobs',
      'nodejs_eventloop_lag_p99_seconds',
    ])
      expect(metricsIn(exprs)).toContain(metric);
  });

  it('is what the docker compose observability profile mounts', () => {
    const compose = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
    const mounts = [...compose.matchAll(/- \.\/(docs\/observability\/[^:]+):/g)].map((m) => m[1]);
    expect(mounts).toEqual(
      expect.arrayContaining([
        'docs/observability/prometheus.yml',
        'docs/observability/alerts.yml',
        'docs/observability/grafana/dashboards',
      ]),
    );
    for (const mount of mounts) expect(existsSync(join(ROOT, mount))).toBe(true);
  });
});
