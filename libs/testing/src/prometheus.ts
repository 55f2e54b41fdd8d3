import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** promtool as scripts/test.sh found it (PROMTOOL), else .tools/bin's, else the one on PATH. */
export function promtoolPath(): string {
  if (process.env.PROMTOOL) return process.env.PROMTOOL;
  const local = join(__dirname, '../../../.tools/bin/promtool');
  return existsSync(local) ? local : 'promtool';
}

/** Runs promtool; resolves with its exit code and output (stdout and stderr together). */
export function runPromtool(args: string[], input?: string): { status: number; output: string } {
  const result = spawnSync(promtoolPath(), args, { input, encoding: 'utf8', timeout: 30_000 });
  if (result.error) throw new Error(`promtool did not run (${result.error.message}): scripts/test.sh installs it`);
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

/**
 * The value of one sample in Prometheus text, 0 when the series is absent (a counter that never
 * moved). `labels` must all match; other labels of the series are ignored.
 */
export function sampleValue(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const series = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => series[key] === value)) sum += Number(match[3]);
  }
  return sum;
}

/** The metric names a PromQL text reads (recording rules, with a colon, are not metrics). */
export function metricsIn(promql: string): string[] {
  return [...new Set(promql.match(/\b(?:eventflow|nodejs|process)_[a-z0-9_]+/g) ?? [])];
}

/** Every metric name the dashboard and the alert rules in docs/observability read. */
export function observabilityQueries(root = join(__dirname, '../../..')): string[] {
  const dir = join(root, 'docs/observability');
  const dashboard = JSON.parse(readFileSync(join(dir, 'grafana/dashboards/eventflow.json'), 'utf8')) as {
    panels: { targets: { expr: string }[] }[];
  };
  const exprs = dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr));
  const rules = [...readFileSync(join(dir, 'alerts.yml'), 'utf8').matchAll(/^\s+expr: (.+)$/gm)].map((m) => m[1]);
  return metricsIn([...exprs, ...rules].join('\n'));
}
