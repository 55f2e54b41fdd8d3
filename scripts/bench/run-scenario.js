#!/usr/bin/env node
// node scripts/bench/run-scenario.js <scenario> <run name> <results dir> [label]
// Sets the scenario up through the API, samples /proc, the store meters and the store's command
// counters around its attacks only (not the setup), runs its check, and writes <run>.json.
const { writeFileSync, mkdirSync } = require('node:fs');
const { join, relative } = require('node:path');
const { scenarios } = require('./scenarios');
const { attack } = require('./vegeta');
const { readResults, summarizeRoutes, missedThresholds, sentPerSecond } = require('./stats');
const { sampleProcesses } = require('./proc-sample');
const { sampleStores } = require('./store-sample');
const { commandCounts } = require('./ferretdb-cost');

/** What the reports read: per attack, per route statistics and the thresholds it missed. */
function summarizeRun({ run, scenario, label, what, params, expect, thresholds, attacks, resultsDir }) {
  const summarized = attacks.map((a) => {
    const records = readResults(a.resultsFile);
    const routes = summarizeRoutes(records, expect, a.seconds);
    const startMs = records.reduce((min, r) => Math.min(min, r.startMs), Infinity);
    return {
      ...a,
      resultsFile: relative(resultsDir, a.resultsFile),
      startMs,
      sentPerSecond: sentPerSecond(records),
      routes,
      missed: a.judged === false ? [] : missedThresholds(routes, thresholds),
    };
  });
  return {
    run,
    scenario,
    label: label ?? run,
    what,
    params,
    expect,
    thresholds,
    startedAt: new Date(summarized[0].startMs).toISOString(),
    attacks: summarized,
  };
}

async function samples() {
  const mongoUrl = process.env.BENCH_MONGO_URL;
  return {
    processes: sampleProcesses(process.env.RUN_DIR ?? '.run', process.env.DATA_DIR ?? 'data'),
    stores: await sampleStores(),
    commands: mongoUrl ? await commandCounts(mongoUrl).catch(() => null) : null,
  };
}

async function runScenario(name, run, resultsDir, label) {
  const scenario = scenarios[name];
  if (!scenario) throw new Error(`unknown scenario ${name} (${Object.keys(scenarios).join(', ')})`);
  const params = scenario.params();
  const fixtures = await scenario.setup(params);
  const planned = scenario.attacks(fixtures, params);
  const before = await samples();
  const attacks = [];
  for (const a of planned) {
    // An attack may need what an earlier one did (the waiting room's polls need the turns).
    if (a.before) await a.before();
    const done = await attack({ name: a.name, targets: a.targets, rate: a.rate, resultsFile: join(resultsDir, run, `${a.name}.json`) });
    attacks.push({ ...done, judged: a.judged !== false, peak: Boolean(a.peak) });
  }
  const after = await samples();
  const check = scenario.check ? await scenario.check(fixtures, params) : undefined;
  const { what, expect, thresholds, costPerSaga = false } = scenario;
  const backend = process.env.BENCH_FERRETDB_BACKEND ?? 'external';
  const summary = {
    ...summarizeRun({ run, scenario: name, label, what, params, expect, thresholds, attacks, resultsDir }),
    backend,
    costPerSaga,
    before,
    after,
    check,
  };
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, `${run}.json`), JSON.stringify(summary, null, 2));
  return summary;
}

module.exports = { summarizeRun, runScenario };

if (require.main === module) {
  const [name, run, resultsDir, label] = process.argv.slice(2);
  runScenario(name, run ?? name, resultsDir ?? 'results/bench', label)
    .then((summary) => {
      for (const a of summary.attacks) {
        for (const r of a.routes) {
          console.log(
            `${run} ${a.name} ${r.route}: ${r.requests} at ${a.rate}/s, p50 ${r.p50?.toFixed(1)} p95 ${r.p95?.toFixed(1)} p99 ${r.p99?.toFixed(1)} ms, ok ${r.ok}, rejected ${r.rejected}, errors ${r.error}`,
          );
        }
        for (const m of a.missed) console.log(`  missed: ${m}`);
      }
      if (summary.check) console.log(`  check ${summary.check.passed ? 'passed' : 'FAILED'}: ${JSON.stringify(summary.check.facts)}`);
    })
    .catch((error) => {
      console.error(`${name}: ${error.message}`);
      process.exit(1);
    });
}
