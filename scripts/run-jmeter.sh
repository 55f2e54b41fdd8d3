#!/usr/bin/env bash
# Runs jmeter/EventFlow-Test-Plan.jmx headless against a running EventFlow and writes
# results/jmeter/results.jtl plus an HTML report (JMeter 3+). Extra args go to jmeter.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

if ! command -v jmeter >/dev/null 2>&1; then
  cat >&2 <<MSG
JMeter is not installed. Install Apache JMeter 5.6.3 (needs Java 8+):
  https://jmeter.apache.org/download_jmeter.cgi  → unpack, and put its bin/ on your PATH
or, on Debian/Ubuntu, the packaged (older) version: sudo apt-get install jmeter
MSG
  exit 1
fi

load_env_file
organizer_key="${ORGANIZER_KEY:-$(k="${ORGANIZER_KEYS:-}"; k="${k%%,*}"; k="${k#*:}"; printf '%s' "${k%%|*}")}"
[ -n "$organizer_key" ] || die "no organizer key: set ORGANIZER_KEY or run npm start once (it writes .env.local)"

out="$ROOT/results/jmeter"
rm -rf "$out" && mkdir -p "$out"
report_args=()
# The HTML dashboard (-e -o) exists from JMeter 3.0 on.
if jmeter --version 2>&1 | grep -qE 'Version [3-9]'; then report_args=(-e -o "$out/report"); fi

log "JMeter plan → $out"
jmeter -n -t jmeter/EventFlow-Test-Plan.jmx -l "$out/results.jtl" -j "$out/jmeter.log" \
  -Jhost="${JMETER_HOST:-localhost}" -Jusers_port="$(service_port users)" -Jevents_port="$(service_port events)" \
  -Jreservations_port="$(service_port reservations)" -Jorganizer_key="$organizer_key" \
  -Jjmeter.save.saveservice.print_field_names=true \
  "${report_args[@]}" "$@"

[ -s "$out/results.jtl" ] || die "JMeter produced no results; see $out/jmeter.log (Debian's jmeter 2.13 package cannot load any plan: use JMeter 5.6.3)"

# Summarize per sampler from the JTL (CSV with a header row: JMeter before 3.0 writes one only when
# asked, hence print_field_names above): count, errors, mean and p95 elapsed.
node -e '
const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n");
const header = lines.shift().split(",");
const col = (n) => header.indexOf(n);
const by = {};
for (const line of lines) {
  const f = line.split(",");
  const label = f[col("label")], ok = f[col("success")] === "true", ms = Number(f[col("elapsed")]);
  (by[label] ??= { n: 0, errors: 0, ms: [] }).n++;
  if (!ok) by[label].errors++;
  by[label].ms.push(ms);
}
for (const [label, s] of Object.entries(by)) {
  s.ms.sort((a, b) => a - b);
  const p95 = s.ms[Math.min(s.ms.length - 1, Math.floor(s.ms.length * 0.95))];
  console.log(`${label.padEnd(40)} ${String(s.n).padStart(6)} samples  ${String(s.errors).padStart(5)} errors  mean ${(s.ms.reduce((a, b) => a + b, 0) / s.n).toFixed(1)} ms  p95 ${p95} ms`);
}
const errors = Object.values(by).reduce((a, s) => a + s.errors, 0);
process.exit(errors > 0 ? 1 : 0);
' "$out/results.jtl"
