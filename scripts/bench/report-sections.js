// The sections of docs/benchmarks.md that set the system against something: the ceilings measured
// in the same run (bare Node server, FerretDB's cost per write) and the cost of one saga.
const { bareAt } = require('./results-dir');
const { cpuPerSaga, storesPerSaga, commandsPerSaga, storeFloor } = require('./saga-cost');

const n = (v, digits = 1) => (v === undefined || v === null || Number.isNaN(v) ? '–' : Number(v).toFixed(digits));
const stageOf = (summary, a) => (summary.scenario !== 'throughput' ? '' : a.peak ? ' (peak stage)' : ' (half stage)');

function readRatios(summaries, ceilings) {
  const lines = summaries.flatMap((s) =>
    s.attacks
      .filter((a) => a.judged)
      .flatMap((a) => {
        const bare = bareAt(ceilings, a.rate)?.route;
        return a.routes
          .filter((r) => r.route.startsWith('GET ') && bare)
          .map((r) => {
            // A floor above the service means the two slots met different machines (other load), not a fast service.
            const noisy =
              r.p95 < bare.p95
                ? ' Below 1×: the bare server was slower in its own slot, so other load on the machine, not the service, decided this comparison.'
                : '';
            return `- \`${s.label}${stageOf(s, a)}\`: \`${r.route}\` p95 = **${n(r.p95 / bare.p95)}×** the bare server's p95 at the same rate (${a.rate} req/s): ${n(r.p95, 2)} vs ${n(bare.p95, 2)} ms; p50 ${n(r.p50, 2)} vs ${n(bare.p50, 2)} ms (${n(r.p50 / bare.p50)}×).${noisy}`;
          });
      }),
  );
  return lines.join('\n');
}

function ceilingSection(summaries, ceilings) {
  const bare = ceilings.bare.map(
    (b) =>
      `| ${b.rate} | ${b.requests} | ${n(b.sentPerSecond, 0)} | ${n(b.route.p50, 2)} | ${n(b.route.p95, 2)} | ${n(b.route.p99, 2)} | ${b.route.error} | ${n(b.cpuUsPerRequest, 0)} |`,
  );
  const f = ceilings.ferretdb;
  const lines = [
    '## Ceilings, measured in the same run',
    '',
    'A bare Node `http` server answering a constant JSON (`scripts/bench/bare-server.js`) under the same generator, at each rate a read scenario used: the floor for any Node read on this machine.',
    '',
  ];
  lines.push(
    '| rate (req/s) | requests | sent/s | p50 | p95 | p99 | errors | server CPU µs per request |',
    '|---|---|---|---|---|---|---|---|',
    ...bare,
    '',
    readRatios(summaries, ceilings),
    '',
  );
  if (!f) return [...lines, "FerretDB's own cost was not measured (the bench did not run its own FerretDB).", ''].join('\n');
  lines.push(
    `FerretDB's own cost per write (${f.backend} backend), one operation at a time in a throwaway database of the bench's FerretDB, with the \`mongodb\` driver; CPU from the FerretDB process's /proc counters:`,
    '',
  );
  lines.push('| operation | operations | p50 | p95 | p99 | FerretDB CPU ms per op |', '|---|---|---|---|---|---|');
  for (const op of ['insertOne', 'updateOne'])
    lines.push(
      `| \`${op}\`${op === 'updateOne' ? ' by `_id`' : ''} | ${f[op].operations} | ${n(f[op].p50, 2)} | ${n(f[op].p95, 2)} | ${n(f[op].p99, 2)} | ${n(f[op].cpuMsPerOp, 2)} |`,
    );
  const costRun = summaries.find((s) => s.costPerSaga && s.run === s.scenario);
  const floor = costRun && storeFloor(costRun, f);
  if (floor) {
    const commands = Object.entries(commandsPerSaga(costRun))
      .filter(([, count]) => count >= 0.01)
      .map(([name, count]) => `${name} ${n(count, 2)}`)
      .join(', ');
    const measured = cpuPerSaga(costRun)?.find((p) => p.name === 'ferretdb')?.cpuMs;
    lines.push(
      '',
      `A saga costs **${n(floor.inserts, 2)} FerretDB inserts + ${n(floor.updates, 2)} updates ≈ ${n(floor.cpuMs, 2)} ms of FerretDB CPU** at those prices (≈ ${n(floor.latencyMs, 1)} ms if they ran one after another on an idle store); FerretDB's CPU per saga measured in the \`${costRun.label}\` run: ${n(measured, 2)} ms. Commands FerretDB answered per saga there: ${commands}.`,
    );
  }
  return [...lines, ''].join('\n');
}

function sagaCostSection(summaries) {
  return summaries
    .filter((s) => s.costPerSaga)
    .map((s) => {
      const cpu = cpuPerSaga(s) ?? [];
      const stores = storesPerSaga(s) ?? [];
      const total = cpu.reduce((sum, p) => sum + p.cpuMs, 0);
      const row = (name, v) =>
        `| ${name} | ${[v.mongodb.operations, v.mongodb.waitMs, v.redis.operations, v.redis.waitMs].map((x) => n(x, 2)).join(' | ')} |`;
      const sum = (store, field) => stores.reduce((t, x) => t + x[store][field], 0);
      return [
        `CPU per reservation in the \`${s.label}\` run (from /proc, over its attack only), and each process's peak RSS (VmHWM) at its end:`,
        '',
        '| process | CPU ms per saga | peak RSS (MB) |',
        '|---|---|---|',
        ...cpu.map((p) => `| ${p.name} | ${n(p.cpuMs, 2)} | ${p.peakRssMb ?? '–'} |`),
        `| **all** | **${n(total, 2)}** | |`,
        '',
        `Store operations and waiting per reservation in the \`${s.label}\` run (each service's /metrics; waits overlap where steps run in parallel):`,
        '',
        '| service | MongoDB ops | MongoDB wait (ms) | Redis ops | Redis wait (ms) |',
        '|---|---|---|---|---|',
        ...stores.map((x) => row(x.service, x)),
        row('**all**', {
          mongodb: { operations: sum('mongodb', 'operations'), waitMs: sum('mongodb', 'waitMs') },
          redis: { operations: sum('redis', 'operations'), waitMs: sum('redis', 'waitMs') },
        }),
        '',
      ].join('\n');
    })
    .join('\n');
}

module.exports = { n, stageOf, ceilingSection, sagaCostSection };
