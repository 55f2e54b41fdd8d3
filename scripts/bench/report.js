#!/usr/bin/env node
// node scripts/bench/report.js <results dir> <output.md>: docs/benchmarks.md from the bench's run
// summaries (run-scenario.js) and ceilings (ceilings.js), with scripts/bench/notes.md appended.
const { readFileSync, writeFileSync, existsSync, mkdirSync } = require('node:fs');
const { execSync } = require('node:child_process');
const os = require('node:os');
const { dirname, join } = require('node:path');
const { readSummaries, readCeilings } = require('./results-dir');
const { n, stageOf, ceilingSection, sagaCostSection } = require('./report-sections');
const { vegetaVersion } = require('./vegeta');

const [resultsDir = 'results/bench', output = 'docs/benchmarks.md'] = process.argv.slice(2);
const summaries = readSummaries(resultsDir);
const ceilings = readCeilings(resultsDir);
const sh = (command) => {
  try {
    return execSync(command, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
};

function resultRows() {
  return summaries.flatMap((s) =>
    s.attacks.flatMap((a) =>
      a.routes.map((r) => {
        const verdict = !a.judged ? 'not judged' : a.missed.some((m) => m.startsWith(`${r.route}:`)) ? 'missed' : 'met';
        const cells = [
          `${s.label}${stageOf(s, a)}`,
          `\`${r.route}\``,
          a.rate,
          r.requests,
          n(a.sentPerSecond, 0),
          n(r.achievedPerSecond, 0),
        ];
        cells.push(n(r.p50, 2), n(r.p95, 2), n(r.p99, 2), r.rejected, `${r.error} (${n(r.errorRate * 100, 2)} %)`, verdict);
        return `| ${cells.join(' | ')} |`;
      }),
    ),
  );
}

function generatorRows() {
  return summaries.map((s) => {
    const cpu = s.attacks.reduce((sum, a) => sum + (a.generatorCpuMs ?? NaN), 0);
    const requests = s.attacks.reduce((sum, a) => sum + a.requests, 0);
    const seconds = s.attacks.reduce((sum, a) => sum + a.seconds, 0);
    return `| ${s.label} | ${requests} | ${n((cpu * 1000) / requests, 0)} | ${n(cpu / seconds / 10, 0)} % |`;
  });
}

function failures() {
  const missed = summaries.flatMap((s) =>
    s.attacks.filter((a) => a.missed.length).map((a) => `- **${s.label}${stageOf(s, a)}**: ${a.missed.join('; ')}`),
  );
  const checks = summaries.filter((s) => s.check && !s.check.passed).map((s) => `- **${s.label}**: consistency check failed (below)`);
  return missed.length + checks.length
    ? `Thresholds missed in this run:\n\n${[...missed, ...checks].join('\n')}\n`
    : 'Every threshold was met in this run.\n';
}

function flashSale() {
  return summaries
    .filter((s) => s.check)
    .map((s) => {
      const f = s.check.facts;
      const lines = Object.entries(s.check.checks).map(([name, ok]) => `- ${ok ? '✓' : '✗ FAILED:'} ${name}`);
      return `**${s.label}** (aforo ${f.aforo}, ${s.attacks[0].requests} requests): ${f.sold} tickets confirmed in ${f.confirmed} reservations of ${f.fans} fans (${f.listed} reservations listed in all); inventory \`vendidas\` ${f.vendidas}, \`retenidas\` ${f.retenidas}, \`disponibles\` ${f.disponibles}; ${f.pending} pending, ${f.overLimit} fans over the limit.\n\n${lines.join('\n')}\n`;
    })
    .join('\n');
}

const cpus = os.cpus();
const doc = `# Benchmarks

Written by \`npm run bench\` (scripts/bench.sh) on ${summaries[0]?.startedAt ?? new Date().toISOString()}. ${process.env.BENCH_NOTE ?? 'Every figure below comes from that run.'}
The same run wrote \`results/bench.html\` (charts per second; see [load-testing.md](load-testing.md#reading-the-report)).

**Load generator: vegeta ${vegetaVersion()}** (MIT), an open model: each scenario sends its requests at a constant
arrival rate whatever the latency, so slow answers cannot hold the load back. **It shares the machine with the system
under test**: vegeta, the three services, FerretDB and Redis all run on the same ${cpus.length} cores, so these numbers are
a floor, not a ceiling.

## Machine

| | |
|---|---|
| CPU | ${cpus.length} × ${cpus[0]?.model ?? 'unknown'} |
| memory | ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB |
| OS | ${os.type()} ${os.release()} |
| Node.js | ${process.version} |
| FerretDB | ${sh('.tools/bin/ferretdb --version | head -1 | cut -d" " -f2')} (${process.env.BENCH_FERRETDB_BACKEND ?? 'sqlite'} backend${process.env.MONGO_URL_EXTERNAL ? ', external MONGO_URL' : ''}) |
| Redis | ${sh("redis-server --version | sed 's/.*v=\\([^ ]*\\).*/\\1/'")} |
| load generator | vegeta ${vegetaVersion()}, on the same cores |

Settings: \`PAYMENT_LATENCY_MS=0 PAYMENT_DECLINE_RATE=0 LOG_REQUESTS=false LOG_LEVEL=warn\`, embedded stores
(unless the row above says otherwise). Scenario parameters: ${summaries.map((s) => `${s.run}: \`${JSON.stringify(s.params)}\``).join('; ')}.

## Results

Targets (issue: 10× the original design): cached \`GET /api/events/:id\` ≥ 5,000 req/s with p95 ≤ 10 ms;
\`POST /api/reservar\` (full saga) ≥ 500 sagas/s with p95 ≤ 150 ms; 0 % errors outside deliberate rejections.
\`rate\` is the arrival rate asked of vegeta for the whole attack (all its routes), \`sent/s\` the pace vegeta held, \`answered/s\`
the route's answers over their span: below the rate, the system fell behind. \`throughput\` runs each side at half
its peak, then at the peak; only the peak stage is judged. Latencies in ms; a 409 (sold out, purchase limit) is a
rejection by the rules where the scenario allows it, never an error.

| scenario | route | rate | requests | sent/s | answered/s | p50 | p95 | p99 | rejected (409) | errors | thresholds |
|---|---|---|---|---|---|---|---|---|---|---|---|
${resultRows().join('\n')}

${failures()}
The generator's own share (vegeta's user + system CPU over each scenario's attacks):

| scenario | requests | vegeta CPU µs per request | of one core |
|---|---|---|---|
${generatorRows().join('\n')}

### Flash sale consistency

${flashSale() || 'The flash sale did not run.'}
${ceilingSection(summaries, ceilings)}
## Cost per saga

${sagaCostSection(summaries)}
${existsSync(join(__dirname, 'notes.md')) ? readFileSync(join(__dirname, 'notes.md'), 'utf8') : ''}`;
mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, doc);
console.log(`wrote ${output}`);
