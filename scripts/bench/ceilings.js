#!/usr/bin/env node
// node scripts/bench/ceilings.js <results dir>: what the system is measured against, in the same
// run. A bare Node server under the same generator at every rate a read scenario used, and, when
// the bench runs its own FerretDB (BENCH_MONGO_URL, BENCH_FERRETDB_PID), FerretDB's cost per write.
const { spawn } = require('node:child_process');
const { rmSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const { once } = require('node:events');
const { attack, target } = require('./vegeta');
const { readResults, summarizeRoutes, sentPerSecond } = require('./stats');
const { cpuMsOf } = require('./proc-sample');
const { measureWriteCost } = require('./ferretdb-cost');
const { readSummaries, readRates } = require('./results-dir');

async function startBareServer() {
  const child = spawn(process.execPath, [join(__dirname, 'bare-server.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await Promise.race([
    once(child.stdout, 'data'),
    once(child, 'exit').then(() => Promise.reject(new Error('the bare server exited before it listened'))),
  ]);
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await once(child, 'exit');
  };
  return { port: Number(String(line).trim()), pid: child.pid, stop };
}

/** One attack per rate on the bare server, `seconds` long: its latency, and its CPU per request from /proc. */
async function bareServerCeiling({ rates, seconds, resultsDir }) {
  const server = await startBareServer();
  try {
    // A cold server would charge its JIT warm-up to the first rate; the services are warm by then.
    const warmUp = Array.from({ length: 1000 }, () => target('GET', `http://127.0.0.1:${server.port}/bare`));
    rmSync(
      (await attack({ name: 'warm-up', targets: warmUp, rate: 1000, resultsFile: join(resultsDir, 'ceilings', 'warm-up.json') }))
        .resultsFile,
    );
    const runs = [];
    for (const rate of rates) {
      const targets = Array.from({ length: Math.max(1, Math.round(rate * seconds)) }, () =>
        target('GET', `http://127.0.0.1:${server.port}/bare`),
      );
      const cpuBefore = cpuMsOf(server.pid);
      const done = await attack({ name: `bare-${rate}`, targets, rate, resultsFile: join(resultsDir, 'ceilings', `bare-${rate}.json`) });
      const cpuMs = cpuMsOf(server.pid) - cpuBefore;
      const records = readResults(done.resultsFile);
      const [route] = summarizeRoutes(records, { ok: [200] }, done.seconds);
      const cpuUsPerRequest = (cpuMs * 1000) / done.requests;
      runs.push({
        ...done,
        resultsFile: relative(resultsDir, done.resultsFile),
        sentPerSecond: sentPerSecond(records),
        route,
        cpuUsPerRequest,
      });
    }
    return runs;
  } finally {
    await server.stop();
  }
}

async function main(resultsDir) {
  const seconds = Number(process.env.BENCH_BARE_SECONDS ?? 5);
  const rates = readRates(readSummaries(resultsDir)).sort((a, b) => a - b);
  const bare = await bareServerCeiling({ rates, seconds, resultsDir });
  for (const b of bare)
    console.log(
      `bare server at ${b.rate}/s: p50 ${b.route.p50.toFixed(2)} p95 ${b.route.p95.toFixed(2)} ms, ${b.cpuUsPerRequest.toFixed(0)} µs CPU per request`,
    );
  const { BENCH_MONGO_URL: url, BENCH_FERRETDB_PID: pid } = process.env;
  const operations = Number(process.env.BENCH_FERRETDB_OPERATIONS ?? 500);
  const ferretdb =
    url && pid ? { backend: process.env.BENCH_FERRETDB_BACKEND, ...(await measureWriteCost({ url, pid, operations })) } : null;
  if (ferretdb) {
    for (const op of ['insertOne', 'updateOne'])
      console.log(`FerretDB ${op}: p50 ${ferretdb[op].p50.toFixed(2)} ms, ${ferretdb[op].cpuMsPerOp.toFixed(2)} ms CPU`);
  }
  writeFileSync(join(resultsDir, 'ceilings.json'), JSON.stringify({ bare, ferretdb }, null, 2));
}

module.exports = { bareServerCeiling, startBareServer };

if (require.main === module) {
  main(process.argv[2] ?? 'results/bench').catch((error) => {
    console.error(`ceilings: ${error.message}`);
    process.exit(1);
  });
}
