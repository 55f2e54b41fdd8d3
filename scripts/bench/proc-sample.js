#!/usr/bin/env node
// Prints {name: {cpuMs, peakRssMb}} for the processes whose pid files are in .run/:
// CPU time (user + system) so far and the peak resident set size (VmHWM) from /proc; with a private
// PostgreSQL under <data dir> (argv[3], default data/), its processes too (RSS summed over them).
const { readFileSync, readdirSync, existsSync } = require('node:fs');
const { join } = require('node:path');

const runDir = process.argv[2] ?? '.run';
const ticksPerSecond = 100; // USER_HZ on Linux
const sample = {};
if (existsSync(runDir)) {
  for (const file of readdirSync(runDir).filter((f) => f.endsWith('.pid'))) {
    const name = file.replace(/\.pid$/, '');
    const pid = readFileSync(join(runDir, file), 'utf8').trim();
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cpuMs = ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
      sample[name] = { cpuMs, peakRssMb: hwm ? Math.round(Number(hwm[1]) / 1024) : null };
    } catch {
      // process gone
    }
  }
}

// A private PostgreSQL (FERRETDB_BACKEND=postgresql) forks a backend per connection: count the
// postmaster, the CPU of its reaped children (cutime/cstime), and its live children.
const postmasterPidFile = join(process.argv[3] ?? 'data', 'postgres/data/postmaster.pid');
if (existsSync(postmasterPidFile)) {
  try {
    const master = readFileSync(postmasterPidFile, 'utf8').split('\n')[0].trim();
    const statOf = (pid) => {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    };
    const hwmOf = (pid) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    const m = statOf(master);
    let ticks = Number(m[11]) + Number(m[12]) + Number(m[13]) + Number(m[14]);
    let hwmKb = hwmOf(master);
    for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      try {
        const f = statOf(pid);
        if (f[1] !== master) continue;
        ticks += Number(f[11]) + Number(f[12]);
        hwmKb += hwmOf(pid);
      } catch {
        // exited meanwhile
      }
    }
    sample.postgresql = { cpuMs: (ticks * 1000) / ticksPerSecond, peakRssMb: Math.round(hwmKb / 1024) };
  } catch {
    // not running
  }
}
process.stdout.write(JSON.stringify(sample));
