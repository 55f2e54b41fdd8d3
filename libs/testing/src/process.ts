import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface ManagedProcess {
  readonly pid: number;
  readonly logFile: string;
  /** Resolves once the process has exited; SIGKILL after the grace period. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
  exited(): boolean;
  /** Sends a signal without waiting: SIGSTOP freezes the process, SIGCONT thaws it. */
  signal(signal: NodeJS.Signals): void;
}

const running = new Set<ChildProcess>();

// A crashed test run must not leave store or service processes behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function spawnManaged(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; logFile: string; cwd?: string },
): ManagedProcess {
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  running.add(child);
  let hasExited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      hasExited = true;
      running.delete(child);
      resolve();
    });
    child.once('error', () => {
      hasExited = true;
      running.delete(child);
      resolve();
    });
  });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  return {
    pid: child.pid,
    logFile: options.logFile,
    exited: () => hasExited,
    signal: (signal: NodeJS.Signals) => {
      if (!hasExited) child.kill(signal);
    },
    async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000) {
      if (hasExited) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exit;
      clearTimeout(timer);
    },
  };
}
