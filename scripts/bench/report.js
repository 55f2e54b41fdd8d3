#!/usr/bin/env node
// Turns the bench run (k6 summaries + /proc samples in results/bench/) into docs/benchmarks.md.
const { readFileSync, writeFileSync, existsSync } = require('node:fs');
const { execSync } = require('node:child_process');
const os = require('node:os');
const { join } = require('node:path');

const [resultsDir, output, scenariosArg] = process.argv.slice(2);
const scenarios = scenariosArg.split(',');
const read = (file) => JSON.parse(readFileSync(join(resultsDir, file), 'utf8'));
const sh = (command) => {
  try {
    return execSync(command, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
};
const n = (value, digits = 1) => (value === undefined || value === null || Number.isNaN(value) ? '–' : Number(value).toFixed(digits));

/** The routes each scenario is about, in the order they are reported. */
const ROUTES = {
  users: ['POST /api/users'],
  events: ['POST /api/events'],
  reads: ['GET /api/events/:id', 'GET /api/users/:id'],
  reservations: ['POST /api/reservar'],
  'flash-sale': ['POST /api/reservar'],
  sustained: ['GET /api/events/:id', 'GET /api/users/:id', 'POST /api/reservar'],
  throughput: ['GET /api/events/:id', 'POST /api/reservar'],
};

const rows = [];
const failures = [];
let sagaCost = '';
const runs = [
  ...scenarios,
  ...['reservations', 'flash-sale', 'sustained', 'throughput']
    .map((s) => `postgresql-${s}`)
    .filter((s) => existsSync(join(resultsDir, `${s}.json`))),
];
for (const run of runs) {
  const scenario = run.replace(/^postgresql-/, '');
  const label = run === scenario ? scenario : `${scenario} (FerretDB on PostgreSQL)`;
  if (!existsSync(join(resultsDir, `${run}.json`))) {
    rows.push(`| ${label} | – | – | – | – | – | – | – | did not run |`);
    continue;
  }
  const summary = read(`${run}.json`);
  const meta = existsSync(join(resultsDir, `${run}.meta.json`)) ? read(`${run}.meta.json`) : {};
  const metrics = summary.metrics;
  const runSeconds = (meta.activeSeconds ?? summary.state.testRunDurationMs / 1000) || 1;
  const failedThresholds = Object.entries(metrics).flatMap(([name, m]) =>
    Object.entries(m.thresholds ?? {})
      .filter(([, r]) => !r.ok)
      .map(([t]) => `${name}: ${t}`),
  );
  if (failedThresholds.length) failures.push(`- **${label}**: ${failedThresholds.join('; ')}`);
  for (const route of ROUTES[scenario] ?? []) {
    // throughput: the last stage, which holds the peak rate (tagged stage:peak), over its length.
    const peak = scenario === 'throughput' ? ',stage:peak' : '';
    const duration = metrics[`http_req_duration{name:${route}${peak}}`]?.values ?? {};
    const count = metrics[`http_reqs{name:${route}${peak}}`]?.values?.count;
    const seconds = peak ? parseInt(process.env.BENCH_THROUGHPUT_STAGE ?? '5s', 10) : runSeconds;
    // Per route when the scenario tracks it (throughput: per phase), else the run's overall rate.
    const phase = route.startsWith('GET') ? 'reads' : 'sagas';
    const errors = (metrics[`http_req_failed{name:${route}}`] ?? metrics[`http_req_failed{phase:${phase}}`] ?? metrics.http_req_failed)
      ?.values?.rate;
    rows.push(
      `| ${label}${peak ? ' (peak stage)' : ''} | \`${route}\` | ${count ?? '–'} | ${n(count / seconds, 0)} | ${n(duration.med, 2)} | ${n(duration['p(95)'], 2)} | ${n(duration['p(99)'], 2)} | ${n((errors ?? 0) * 100, 2)} % | ${failedThresholds.length ? 'missed' : 'met'} |`,
    );
  }
  if (scenario === 'reservations' && meta.before && meta.after) {
    const sagas = metrics['http_reqs{name:POST /api/reservar}']?.values?.count ?? 0;
    const lines = Object.keys(meta.after).map((name) => {
      const cpu = meta.after[name].cpuMs - (meta.before[name]?.cpuMs ?? 0);
      return `| ${name} | ${n(sagas ? cpu / sagas : NaN, 2)} | ${meta.after[name].peakRssMb ?? '–'} |`;
    });
    const total = Object.keys(meta.after).reduce((sum, name) => sum + meta.after[name].cpuMs - (meta.before[name]?.cpuMs ?? 0), 0);
    sagaCost += [
      '',
      `CPU per reservation in the \`${label}\` run (${sagas} sagas, from /proc), and each process's peak RSS (VmHWM) at its end:`,
      '',
      '| process | CPU ms per saga | peak RSS (MB) |',
      '|---|---|---|',
      ...lines,
      `| **all** | **${n(sagas ? total / sagas : NaN, 2)}** | |`,
      '',
      ...storeTable(label, sagas, meta.storesBefore, meta.storesAfter),
    ].join('\n');
  }
}

/** Per saga: what each service sent to MongoDB and Redis, and how long it waited for the replies. */
function storeTable(label, sagas, before, after) {
  if (!sagas || !before || !after) return [];
  const per = (service, store, field) => {
    const a = after[service]?.[store]?.[field];
    const b = before[service]?.[store]?.[field] ?? 0;
    return a === undefined ? NaN : (a - b) / sagas;
  };
  const services = Object.keys(after).filter((service) => after[service]);
  const row = (name, values) => `| ${name} | ${values.map((v) => n(v, 2)).join(' | ')} |`;
  const sum = (store, field) => services.reduce((total, service) => total + per(service, store, field), 0);
  return [
    `Store operations and waiting per reservation in the \`${label}\` run (each service's /metrics/stores; waits overlap where steps run in parallel):`,
    '',
    '| service | MongoDB ops | MongoDB wait (ms) | Redis ops | Redis wait (ms) |',
    '|---|---|---|---|---|',
    ...services.map((service) =>
      row(service, [
        per(service, 'mongodb', 'operations'),
        per(service, 'mongodb', 'waitMs'),
        per(service, 'redis', 'operations'),
        per(service, 'redis', 'waitMs'),
      ]),
    ),
    row('**all**', [sum('mongodb', 'operations'), sum('mongodb', 'waitMs'), sum('redis', 'operations'), sum('redis', 'waitMs')]),
    '',
  ];
}

const started = process.env.BENCH_STARTED ?? new Date().toISOString();
const doc = `# Benchmarks

Written by \`npm run bench\` (scripts/bench.sh) on ${started}. ${process.env.BENCH_NOTE ?? 'Every figure below comes from that run.'}

**k6 shares the machine with the system under test**: the load generator, the three services, FerretDB and
Redis all run on the same ${os.cpus().length} cores, so these numbers are a floor, not a ceiling.

## Machine

| | |
|---|---|
| CPU | ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'} |
| memory | ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB |
| OS | ${os.type()} ${os.release()} |
| Node.js | ${process.version} |
| FerretDB | ${sh('.tools/bin/ferretdb --version | head -1 | cut -d" " -f2')} (${process.env.BENCH_FERRETDB_BACKEND ?? 'sqlite'} backend${process.env.MONGO_URL_EXTERNAL ? ', external MONGO_URL' : ''}) |
| Redis | ${sh("redis-server --version | sed 's/.*v=\\([^ ]*\\).*/\\1/'")} |
| k6 | ${sh(".tools/bin/k6 version | head -1 | cut -d' ' -f2")} |

Settings: \`PAYMENT_LATENCY_MS=0 PAYMENT_DECLINE_RATE=0 LOG_REQUESTS=false LOG_LEVEL=warn\`, embedded stores
(unless the row above says otherwise). Scenario parameters: ${process.env.BENCH_PARAMS ?? 'see scripts/bench.sh'}.

## Results

Targets (issue: 10× the original design): cached \`GET /api/events/:id\` ≥ 5,000 req/s with p95 ≤ 10 ms;
\`POST /api/reservar\` (full saga) ≥ 500 sagas/s with p95 ≤ 150 ms; 0 % errors outside deliberate rejections.
The request rate is per route over the scenario's run (closed-model scenarios include their ramp-up, so
their rate is not a capacity figure: \`sustained\` is, and \`throughput (peak stage)\` rows count only the
last stage, which holds the peak arrival rate, over its length). Latencies in ms.

| scenario | route | requests | req/s | p50 | p95 | p99 | errors | thresholds |
|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}

${failures.length ? `Thresholds missed in this run:\n\n${failures.join('\n')}\n` : 'Every threshold was met in this run.\n'}
${sagaCost}

${existsSync(join(__dirname, 'notes.md')) ? readFileSync(join(__dirname, 'notes.md'), 'utf8') : ''}`;
require('node:fs').mkdirSync(require('node:path').dirname(output), { recursive: true });
writeFileSync(output, doc);
console.log(`wrote ${output}`);
