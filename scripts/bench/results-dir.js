// The bench's results folder: <run>.json per scenario run (run-scenario.js), ceilings.json
// (ceilings.js), and vegeta's per-request results under <run>/ and ceilings/.
const { existsSync, readFileSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** Every run summary, in the order the runs started. */
function readSummaries(resultsDir) {
  return readdirSync(resultsDir)
    .filter((file) => file.endsWith('.json') && file !== 'ceilings.json')
    .map((file) => readJson(join(resultsDir, file)))
    .filter((summary) => Array.isArray(summary.attacks))
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

function readCeilings(resultsDir) {
  const file = join(resultsDir, 'ceilings.json');
  return existsSync(file) ? readJson(file) : { bare: [], ferretdb: null };
}

/** The bare server's run at `rate`, if the ceilings measured one. */
const bareAt = (ceilings, rate) => ceilings.bare.find((b) => b.rate === rate);

/** Rates of the attacks that read: the bare server is measured at each, under the same generator. */
const readRates = (summaries) => [
  ...new Set(summaries.flatMap((s) => s.attacks.filter((a) => a.routes.some((r) => r.route.startsWith('GET '))).map((a) => a.rate))),
];

module.exports = { readSummaries, readCeilings, bareAt, readRates };
