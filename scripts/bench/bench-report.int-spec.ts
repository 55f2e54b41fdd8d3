import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { launchChromium } from '@eventflow/testing';

// The bench is plain CommonJS; these are the parts this test drives, typed as it uses them.
interface Attack {
  name: string;
  rate: number;
  seconds: number;
  requests: number;
  resultsFile: string;
}
interface BareServer {
  port: number;
  stop(): Promise<void>;
}
/* eslint-disable @typescript-eslint/no-require-imports */
const { attack, target } = require('./vegeta') as {
  attack(options: { name: string; targets: unknown[]; rate: number; resultsFile: string }): Promise<Attack>;
  target(method: string, url: string): unknown;
};
const { startBareServer, bareServerCeiling } = require('./ceilings') as {
  startBareServer(): Promise<BareServer>;
  bareServerCeiling(options: { rates: number[]; seconds: number; resultsDir: string }): Promise<unknown[]>;
};
const { summarizeRun } = require('./run-scenario') as { summarizeRun(run: Record<string, unknown>): unknown };
const { renderReport } = require('./html-report') as { renderReport(resultsDir: string): string };
/* eslint-enable @typescript-eslint/no-require-imports */

const RATE = 200;
const SCREENSHOT = resolve(__dirname, '../../results/bench-report.png');

// What the page holds, as the browser sees it (the project's lib has no DOM types).
interface ChartSvg {
  id: string;
  querySelectorAll(selector: string): ArrayLike<{ dataset: Record<string, string | undefined>; getTotalLength(): number }>;
}
interface RenderedChart {
  id: string;
  series: { name: string; points: number; length: number }[];
}

/**
 * The bench's HTML report from real results: vegeta (the bench's generator) against the bare Node
 * server (the bench's read ceiling), summarized and rendered by the bench's own code, then opened
 * offline in headless Chromium.
 */
describe('the bench HTML report', () => {
  const resultsDir = mkdtempSync(join(tmpdir(), 'bench-report-'));
  const userDataDir = mkdtempSync(join(tmpdir(), 'bench-chromium-'));
  let html = '';
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    const server = await startBareServer();
    try {
      // Two read routes, as the reads scenario sends them; the bare server answers every path.
      const base = `http://127.0.0.1:${server.port}`;
      const targets = Array.from({ length: RATE * 2 }, (_, i) =>
        target('GET', i % 2 ? `${base}/api/users/u${i}` : `${base}/api/events/e${i}`),
      );
      const reads = await attack({ name: 'reads', targets, rate: RATE, resultsFile: join(resultsDir, 'reads', 'reads.json') });
      const run = { run: 'reads', scenario: 'reads', label: 'reads', what: 'reads against the bare server', params: { rate: RATE } };
      const summary = summarizeRun({
        ...run,
        expect: { ok: [200] },
        thresholds: { errorRate: 0.001 },
        attacks: [{ ...reads, judged: true }],
        resultsDir,
      });
      writeFileSync(join(resultsDir, 'reads.json'), JSON.stringify(summary));
    } finally {
      await server.stop();
    }
    const bare = await bareServerCeiling({ rates: [RATE], seconds: 2, resultsDir });
    writeFileSync(join(resultsDir, 'ceilings.json'), JSON.stringify({ bare, ferretdb: null }));
    html = renderReport(resultsDir);
    writeFileSync(join(resultsDir, 'bench.html'), html);
  }, 30_000);

  afterAll(async () => {
    await context?.close();
    rmSync(resultsDir, { recursive: true, force: true });
    rmSync(userDataDir, { recursive: true, force: true });
  });

  it('needs no network: no http(s) URL anywhere in the page', () => {
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('renders every chart with its series in headless Chromium, offline, and keeps a screenshot', async () => {
    context = await launchChromium(userDataDir);
    const requested: string[] = [];
    await context.route('**/*', (route) => {
      requested.push(route.request().url());
      return route.request().url().startsWith('file:') ? route.continue() : route.abort();
    });
    const page = await context.newPage();
    const url = pathToFileURL(join(resultsDir, 'bench.html')).href;
    await page.goto(url);

    const charts: RenderedChart[] = await page.$$eval('svg.chart', (svgs) =>
      (svgs as unknown as ChartSvg[]).map((svg) => ({
        id: svg.id,
        series: Array.from(svg.querySelectorAll('path.series'), (path) => ({
          name: path.dataset.series ?? '',
          points: Number(path.dataset.points),
          length: path.getTotalLength(),
        })),
      })),
    );
    // Routes are listed in the order their first answers came back, which load can swap.
    const ids = charts.map((c) => c.id).sort();
    expect(ids).toEqual(
      [
        'reads-throughput-get-api-events-id',
        'reads-latency-get-api-events-id',
        'reads-throughput-get-api-users-id',
        'reads-latency-get-api-users-id',
        `bare-${RATE}`,
      ].sort(),
    );
    for (const chart of charts) {
      expect(chart.series.length).toBeGreaterThan(0);
      for (const series of chart.series) {
        expect({ chart: chart.id, series: series.name, drawn: series.points > 0 && series.length > 0 }).toEqual({
          chart: chart.id,
          series: series.name,
          drawn: true,
        });
      }
    }
    // Each read route's latency is drawn beside the bare server's p95 at the same rate.
    for (const chart of charts.filter((c) => c.id.includes('-latency-'))) {
      expect(chart.series.map((s) => s.name)).toEqual(['p50', 'p95', 'p99', 'bare Node server p95 at the same rate (ceiling)']);
    }
    expect(requested).toEqual([url]);

    mkdirSync(resolve(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    process.stdout.write(`bench report screenshot: ${SCREENSHOT}\n`);
  });
});
