#!/usr/bin/env node
// {name: {cpuMs, peakRssMb}} for the processes whose pid files are in .run/: CPU time (user +
// system) so far and the peak resident set size (VmHWM) from /proc; with a private PostgreSQL
// under <data dir> (default data/), its processes too (RSS summed over them).
const { readFileSync, readdirSync, existsSync } = require('node:fs');
const { join } = require('node:path');

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces). */
const statOf = (pid) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
};
const hwmKbOf = (pid) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

/** User + system CPU a live process has used so far, in ms. */
function cpuMsOf(pid) {
  const f = statOf(pid);
  return ((Number(f[11]) + Number(f[12])) * 1000) / TICKS_PER_SECOND;
}

function sampleProcesses(runDir = '.run', dataDir = 'data') {
  const sample = {};
  if (existsSync(runDir)) {
    for (const file of readdirSync(runDir).filter((f) => f.endsWith('.pid'))) {
      const pid = readFileSync(join(runDir, file), 'utf8').trim();
      try {
        sample[file.replace(/\.pid$/, '')] = { cpuMs: cpuMsOf(pid), peakRssMb: Math.round(hwmKbOf(pid) / 1024) || null };
      } catch {
        // process gone
      }
    }
  }
  const postgres = samplePostgres(join(dataDir, 'postgres/data/postmaster.pid'));
  if (postgres) sample.postgresql = postgres;
  return sample;
}

// A private PostgreSQL (FERRETDB_BACKEND=postgresql) forks a backend per connection: count the
// postmaster, the CPU of its reaped children (cutime/cstime), and its live children.
function samplePostgres(postmasterPidFile) {
  if (!existsSync(postmasterPidFile)) return undefined;
  try {
    const master = readFileSync(postmasterPidFile, 'utf8').split('\n')[0].trim();
    const m = statOf(master);
    let ticks = Number(m[11]) + Number(m[12]) + Number(m[13]) + Number(m[14]);
    let hwmKb = hwmKbOf(master);
    for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      try {
        const f = statOf(pid);
        if (f[1] !== master) continue;
        ticks += Number(f[11]) + Number(f[12]);
        hwmKb += hwmKbOf(pid);
      } catch {
        // exited meanwhile
      }
    }
    return { cpuMs: (ticks * 1000) / TICKS_PER_SECOND, peakRssMb: Math.round(hwmKb / 1024) };
  } catch {
    return undefined; // not running
  }
}

module.exports = { sampleProcesses, cpuMsOf };
if (require.main === module) process.stdout.write(JSON.stringify(sampleProcesses(process.argv[2], process.argv[3])));
