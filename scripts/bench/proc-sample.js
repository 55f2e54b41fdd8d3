#!/usr/bin/env node
// Prints {name: {cpuMs, peakRssMb}} for the processes whose pid files are in .run/:
// CPU time (user + system) so far and the peak resident set size (VmHWM) from /proc.
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
process.stdout.write(JSON.stringify(sample));
