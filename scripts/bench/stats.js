// Turns vegeta's per-request results (JSON lines) into what the reports show: per route the count,
// the rates, p50/p95/p99, expected rejections apart from errors, and the same per second.
const { readFileSync } = require('node:fs');

// The empty result vegeta records when a lazy target list runs out (see vegeta.js).
const NO_TARGETS = 'no targets to attack';

/**
 * `GET /api/events/:id` for `GET http://host/api/events/6650…`: under /api, the segment after a
 * collection is an id, and so is the one after a sub-collection (`/api/events/:id/fila/:id`).
 */
function routeOf(method, url) {
  const segments = new URL(url).pathname.split('/').filter(Boolean);
  const named = segments.map((segment, i) => (segments[0] === 'api' && i >= 2 && i % 2 === 0 ? ':id' : segment));
  return `${method} /${named.join('/')}`;
}

function readResults(file) {
  const records = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    const r = JSON.parse(line);
    if (r.error === NO_TARGETS && !r.method) continue;
    records.push({
      attack: r.attack,
      route: routeOf(r.method, r.url),
      code: r.code,
      error: r.error,
      startMs: Date.parse(r.timestamp), // millisecond precision is plenty for per-second buckets
      latencyMs: r.latency / 1e6,
    });
  }
  return records;
}

/** ok: the answer the scenario expects; rejected: a refusal by the rules (a 409 where it may happen); else an error. */
function classify(record, expect) {
  if (expect.ok.includes(record.code)) return 'ok';
  if ((expect.rejected ?? []).includes(record.code)) return 'rejected';
  return 'error';
}

/** Nearest-rank percentile of ascending values. */
function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function latencyStats(records) {
  const sorted = records.map((r) => r.latencyMs).sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) ?? null };
}

const byRoute = (records) => {
  const groups = new Map();
  for (const r of records) {
    if (!groups.has(r.route)) groups.set(r.route, []);
    groups.get(r.route).push(r);
  }
  return groups;
};

/** Per route: offered rate (requests over the attack's length), achieved rate (answers over their span), latency, outcomes. */
function summarizeRoutes(records, expect, attackSeconds) {
  return [...byRoute(records)].map(([route, group]) => {
    const outcomes = { ok: 0, rejected: 0, error: 0 };
    const statuses = {};
    const errorSamples = new Set();
    for (const r of group) {
      const outcome = classify(r, expect);
      outcomes[outcome] += 1;
      statuses[r.code] = (statuses[r.code] ?? 0) + 1;
      if (outcome === 'error' && errorSamples.size < 3) errorSamples.add(r.error || `HTTP ${r.code}`);
    }
    const first = group.reduce((min, r) => Math.min(min, r.startMs), Infinity);
    const last = group.reduce((max, r) => Math.max(max, r.startMs + r.latencyMs), -Infinity);
    return {
      route,
      requests: group.length,
      offeredPerSecond: group.length / attackSeconds,
      achievedPerSecond: (outcomes.ok + outcomes.rejected) / Math.max((last - first) / 1000, 1e-3),
      ...outcomes,
      errorRate: outcomes.error / group.length,
      statuses,
      errorSamples: [...errorSamples],
      ...latencyStats(group),
    };
  });
}

/** Vegeta's own pace: requests over the span of their start times (below the rate when the generator fell behind). */
function sentPerSecond(records) {
  if (records.length < 2) return null;
  let [first, last] = [Infinity, -Infinity];
  for (const r of records) [first, last] = [Math.min(first, r.startMs), Math.max(last, r.startMs)];
  return last > first ? ((records.length - 1) * 1000) / (last - first) : null;
}

/** Per route and second since `originMs`: requests sent, answers completed (ok or rejected), and the latency of those sent. */
function perSecond(records, expect, originMs) {
  const series = {};
  for (const [route, group] of byRoute(records)) {
    const seconds = [];
    const at = (i) => (seconds[i] ??= { sent: [], done: 0 });
    for (const r of group) {
      at(Math.floor((r.startMs - originMs) / 1000)).sent.push(r);
      if (classify(r, expect) !== 'error') at(Math.floor((r.startMs + r.latencyMs - originMs) / 1000)).done += 1;
    }
    // From the route's first second on: a route the run reaches late starts where it starts.
    const first = seconds.findIndex(Boolean);
    series[route] = Array.from(seconds.slice(first), (s, i) => ({
      t: first + i,
      sent: s?.sent.length ?? 0,
      done: s?.done ?? 0,
      ...latencyStats(s?.sent ?? []),
    }));
  }
  return series;
}

/** Thresholds as `{ [route]: { p95: ms }, errorRate }`: the list of those missed, in words. */
function missedThresholds(routes, thresholds) {
  const missed = [];
  for (const r of routes) {
    const limit = thresholds.routes?.[r.route];
    if (limit?.p95 !== undefined && !(r.p95 < limit.p95)) missed.push(`${r.route}: p95 ${r.p95?.toFixed(1)} ms ≥ ${limit.p95} ms`);
    if (thresholds.errorRate !== undefined && !(r.errorRate < thresholds.errorRate)) {
      missed.push(`${r.route}: errors ${(r.errorRate * 100).toFixed(2)} % ≥ ${thresholds.errorRate * 100} %`);
    }
  }
  return missed;
}

module.exports = { routeOf, readResults, classify, percentile, summarizeRoutes, sentPerSecond, perSecond, missedThresholds };
