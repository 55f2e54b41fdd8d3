// Runs one vegeta attack: a constant arrival rate (open model) over a list of targets, each sent
// once, in order. Targets go to vegeta's stdin, so tokens and keys never touch the disk; the
// per-request results are kept as vegeta's JSON lines (what the reports read).
const { spawn, execFileSync } = require('node:child_process');
const { mkdirSync, rmSync } = require('node:fs');
const { dirname, join } = require('node:path');

const VEGETA = process.env.VEGETA_BIN ?? join(__dirname, '../../.tools/bin/vegeta');

function vegetaVersion() {
  try {
    return /Version: (\S+)/.exec(execFileSync(VEGETA, ['-version'], { encoding: 'utf8' }))?.[1] ?? 'unknown';
  } catch {
    return 'not installed';
  }
}

/** A vegeta JSON target; body is sent as given (JSON-encoded when it is an object). */
function target(method, url, { body, headers = {} } = {}) {
  const header = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]]));
  if (body !== undefined) header['Content-Type'] = ['application/json'];
  const encoded = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)).toString('base64');
  return { method, url, header, ...(encoded ? { body: encoded } : {}) };
}

/** `times` in the wrapping shell: the user + system CPU vegeta used, so the report can say what the generator took. */
const CPU_OF_CHILDREN = /^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/;

/**
 * Sends `targets` at `rate` per second until they run out (-lazy): a fixed -duration would send
 * one request too many or too few, and vegeta loops over a target list it holds in memory. The
 * attack ends with one empty "no targets" result, which stats.js drops.
 */
async function attack({ name, targets, rate, resultsFile, timeoutSeconds = 30 }) {
  if (targets.length === 0) throw new Error(`${name}: no targets`);
  mkdirSync(dirname(resultsFile), { recursive: true });
  const binary = `${resultsFile}.bin`;
  const seconds = targets.length / rate;
  const args = [
    'attack',
    '-lazy',
    '-format=json',
    `-name=${name}`,
    `-rate=${rate}/1s`,
    `-timeout=${timeoutSeconds}s`,
    '-max-body=0', // bodies hold tokens and personal data; statuses are what we judge
    // vegeta opens a connection per busy worker: after one stall, thousands, and that storm (not
    // the system) then sets the latency. Arrivals stay on schedule: waiting for a connection counts.
    `-max-connections=${process.env.BENCH_MAX_CONNECTIONS ?? 256}`,
    `-output=${binary}`,
  ];
  const script = '"$0" "$@"; code=$?; times >&2; exit $code';
  const child = spawn('bash', ['-c', script, VEGETA, ...args], { stdio: ['pipe', 'inherit', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdin.end(targets.map((t) => JSON.stringify(t)).join('\n') + '\n');
  const code = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  const lines = stderr.trim().split('\n');
  if (code !== 0) throw new Error(`vegeta attack ${name} failed (${code}): ${lines.slice(0, -2).join(' ')}`);
  const cpu = CPU_OF_CHILDREN.exec(lines.at(-1) ?? '');
  const generatorCpuMs = cpu ? (Number(cpu[1]) * 60 + Number(cpu[2]) + Number(cpu[3]) * 60 + Number(cpu[4])) * 1000 : null;
  // Encoded after the attack, so turning results into JSON takes no CPU from the system under test.
  execFileSync(VEGETA, ['encode', '--to', 'json', `--output=${resultsFile}`, binary]);
  rmSync(binary);
  return { name, rate, seconds, requests: targets.length, resultsFile, generatorCpuMs };
}

module.exports = { attack, target, vegetaVersion, VEGETA };
