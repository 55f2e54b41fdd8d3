#!/usr/bin/env node
// node scripts/bench/html-report.js <results dir> <out.html>: one self-contained page (inline SVG
// and CSS, no script, no network) with, per scenario run, throughput and p50/p95/p99 per second
// from vegeta's per-request results, and the ceilings drawn beside them.
const { mkdirSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const { dirname, join } = require('node:path');
const { readResults, perSecond } = require('./stats');
const { readSummaries, readCeilings, bareAt } = require('./results-dir');
const { SAGA, storeFloor } = require('./saga-cost');
const { lineChart, escape } = require('./svg-chart');
const { vegetaVersion } = require('./vegeta');

const ms = (v) => (v === null || v === undefined || Number.isNaN(v) ? '–' : v.toFixed(v < 10 ? 2 : 1));
const mid = (rows, pick) => rows.map((s) => [s.t + 0.5, pick(s)]);
const withCode = (text) => escape(text).replace(/`([^`]+)`/g, '<code>$1</code>');
const slug = (text) =>
  text
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();

/** A step line over each attack's time span, at the value `valueOf(attack)` gives (skipped where undefined). */
function perAttackLine(attacks, origin, valueOf) {
  return attacks.flatMap((a) => {
    const v = valueOf(a);
    const start = (a.startMs - origin) / 1000;
    return v === undefined
      ? []
      : [
          [start, v],
          [start + a.seconds, v],
        ];
  });
}

function ceilingSeries(route, attacks, origin, ceilings, floor) {
  if (route.startsWith('GET ')) {
    const points = perAttackLine(attacks, origin, (a) => bareAt(ceilings, a.rate)?.route.p95);
    return points.length ? [{ label: 'bare Node server p95 at the same rate (ceiling)', points, style: 'dashed', color: '#444' }] : [];
  }
  if (route === SAGA && floor) {
    const label = `FerretDB alone: ${floor.inserts.toFixed(1)} inserts + ${floor.updates.toFixed(1)} updates ≈ ${ms(floor.latencyMs)} ms (floor)`;
    return [{ label, points: perAttackLine(attacks, origin, () => floor.latencyMs), style: 'dotted', color: '#444' }];
  }
  return [];
}

function runTable(summary) {
  const rows = summary.attacks.flatMap((a) =>
    a.routes.map(
      (r) =>
        `<tr><td>${escape(a.name)}</td><td><code>${escape(r.route)}</code></td><td>${a.rate}</td><td>${r.requests}</td><td>${ms(a.sentPerSecond)}</td>` +
        `<td>${ms(r.achievedPerSecond)}</td><td>${ms(r.p50)}</td><td>${ms(r.p95)}</td><td>${ms(r.p99)}</td><td>${r.ok}</td><td>${r.rejected}</td>` +
        `<td>${r.error}</td><td>${a.judged ? (a.missed.some((m) => m.startsWith(r.route)) ? 'missed' : 'met') : 'not judged'}</td></tr>`,
    ),
  );
  const head =
    '<tr><th>attack</th><th>route</th><th>rate</th><th>requests</th><th>sent/s</th><th>answered/s</th><th>p50</th><th>p95</th><th>p99</th><th>ok</th><th>rejected (409)</th><th>errors</th><th>thresholds</th></tr>';
  return `<table>${head}${rows.join('')}</table>`;
}

function runSection(summary, ceilings, resultsDir, floor) {
  const records = summary.attacks.flatMap((a) => readResults(join(resultsDir, a.resultsFile)));
  const origin = Math.min(...summary.attacks.map((a) => a.startMs));
  const series = perSecond(records, summary.expect, origin);
  const id = slug(summary.run);
  // One pair per route: rates of a few sagas and of thousands of reads do not share an axis.
  const charts = Object.keys(series).map((route) => {
    const routeAttacks = summary.attacks.filter((a) => a.routes.some((r) => r.route === route));
    const throughput = lineChart({
      id: `${id}-throughput-${slug(route)}`,
      title: `${summary.label}: ${route} requests per second`,
      yLabel: 'req/s',
      series: [
        { label: 'answered', points: mid(series[route], (s) => s.done) },
        { label: 'sent', points: mid(series[route], (s) => s.sent), style: 'dashed' },
      ],
    });
    const latency = lineChart({
      id: `${id}-latency-${slug(route)}`,
      title: `${summary.label}: ${route} latency by second sent`,
      yLabel: 'ms',
      log: true,
      series: [
        ...['p50', 'p95', 'p99'].map((p) => ({ label: p, points: mid(series[route], (s) => s[p]) })),
        ...ceilingSeries(route, routeAttacks, origin, ceilings, floor),
      ],
    });
    return throughput + latency;
  });
  const check = summary.check
    ? `<p class="${summary.check.passed ? 'ok' : 'bad'}">Consistency check ${summary.check.passed ? 'passed' : 'FAILED'}: ${escape(JSON.stringify(summary.check.facts))}</p>`
    : '';
  return `<section id="${id}"><h2>${escape(summary.label)}</h2><p>${withCode(summary.what ?? '')}. Parameters: <code>${escape(JSON.stringify(summary.params))}</code></p>
${runTable(summary)}${check}<div class="charts">${charts.join('')}</div></section>`;
}

function ceilingsSection(ceilings, resultsDir) {
  const bare = ceilings.bare.map((b) => {
    const records = readResults(join(resultsDir, b.resultsFile));
    const origin = records.reduce((min, r) => Math.min(min, r.startMs), Infinity);
    const rows = Object.values(perSecond(records, { ok: [200] }, origin))[0] ?? [];
    return lineChart({
      id: `bare-${b.rate}`,
      title: `bare Node server at ${b.rate} req/s: latency by second sent (p50 ${ms(b.route.p50)}, p95 ${ms(b.route.p95)} ms; ${b.cpuUsPerRequest.toFixed(0)} µs CPU per request)`,
      yLabel: 'ms',
      log: true,
      series: ['p50', 'p95', 'p99'].map((p) => ({ label: p, points: mid(rows, (s) => s[p]) })),
    });
  });
  const f = ceilings.ferretdb;
  const ferretdb = f
    ? `<table><tr><th>FerretDB (${escape(f.backend ?? '')}), one at a time</th><th>operations</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th><th>FerretDB CPU ms per op</th></tr>${[
        'insertOne',
        'updateOne',
      ]
        .map(
          (op) =>
            `<tr><td><code>${op}</code></td><td>${f[op].operations}</td><td>${ms(f[op].p50)}</td><td>${ms(f[op].p95)}</td><td>${ms(f[op].p99)}</td><td>${ms(f[op].cpuMsPerOp)}</td></tr>`,
        )
        .join('')}</table>`
    : '<p>FerretDB cost not measured in this run (the bench did not run its own FerretDB).</p>';
  return `<section id="ceilings"><h2>Ceilings</h2>${ferretdb}<div class="charts">${bare.join('')}</div></section>`;
}

const STYLE = `body{font:14px/1.45 "DejaVu Sans",sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}
td:nth-child(-n+2),th{text-align:left}.charts{display:flex;flex-wrap:wrap;gap:12px}.chart-box{margin:0}figcaption{font-weight:bold;font-size:13px}
svg text{font-size:11px;fill:#333}.frame{fill:none;stroke:#999}.grid{stroke:#eee}.series{fill:none;stroke-width:1.6}
.legend{list-style:none;padding:0;margin:2px 0;font-size:12px;display:flex;flex-wrap:wrap;gap:10px}.legend span{display:inline-block;width:22px;border-top:2px solid;margin-right:4px;vertical-align:middle}
.ok{color:#176b2c}.bad{color:#b00020;font-weight:bold}`;

function renderReport(resultsDir) {
  const summaries = readSummaries(resultsDir);
  const ceilings = readCeilings(resultsDir);
  const costRun = summaries.find((s) => s.costPerSaga);
  const floor = costRun ? storeFloor(costRun, ceilings.ferretdb) : undefined;
  const toc = summaries.map((s) => `<li><a href="#${slug(s.run)}">${escape(s.label)}</a></li>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>EventFlow bench</title><style>${STYLE}</style></head><body>
<h1>EventFlow bench</h1>
<p>Generated by <code>npm run bench</code> on ${escape(summaries[0]?.startedAt ?? new Date().toISOString())}. Load generator: vegeta ${escape(vegetaVersion())}
(open model: constant arrival rate). It shares the machine's ${os.cpus().length} cores with the system under test. ${escape(process.env.BENCH_NOTE ?? '')}</p>
<p>Latency charts use a log scale; "sent" is vegeta's pace, "answered" the replies completed in each second.</p>
<ul>${toc}<li><a href="#ceilings">Ceilings</a></li></ul>
${summaries.map((s) => runSection(s, ceilings, resultsDir, s.backend === ceilings.ferretdb?.backend ? floor : undefined)).join('\n')}
${ceilingsSection(ceilings, resultsDir)}
</body></html>`;
}

module.exports = { renderReport };

if (require.main === module) {
  const [resultsDir = 'results/bench', output = 'results/bench.html'] = process.argv.slice(2);
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, renderReport(resultsDir));
  console.log(`wrote ${output}`);
}
