import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Socket } from 'node:net';
import { freePort } from './ports';
import { ManagedProcess, spawnManaged } from './process';
import { waitUntil } from './wait';

export const PROJECT_ROOT = resolve(__dirname, '../../..');

export interface RunningStore {
  readonly url: string;
  readonly port: number;
  /** Stops the store, keeping its data, so a test can simulate an outage. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops it and removes its data. */
  destroy(): Promise<void>;
}

export function ferretDbBinary(): string {
  const candidate = process.env.FERRETDB_BIN ?? join(PROJECT_ROOT, '.tools/bin/ferretdb');
  if (!existsSync(candidate)) {
    throw new Error(`FerretDB not found at ${candidate}: run scripts/install-tools.sh`);
  }
  return candidate;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolvePromise(true);
    });
    socket.once('error', () => resolvePromise(false));
    socket.connect(port, '127.0.0.1');
  });
}

/** A store process on a free port with a throwaway data folder. */
function managedStore(
  name: string,
  launch: (port: number, dataDir: string, logFile: string) => ManagedProcess,
  ready: (port: number) => Promise<boolean>,
  urlFor: (port: number) => string,
) {
  return async (): Promise<RunningStore> => {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), `eventflow-${name}-`));
    const logFile = join(dataDir, `${name}.log`);
    let process: ManagedProcess | undefined;
    const start = async () => {
      process = launch(port, dataDir, logFile);
      const launched = process;
      await waitUntil(async () => !launched.exited() && (await ready(port)), {
        timeoutMs: 30_000,
        description: `${name} on port ${port} (log: ${logFile})`,
      });
    };
    const stop = async () => {
      await process?.stop('SIGTERM', 5_000);
      process = undefined;
    };
    await start();
    return {
      url: urlFor(port),
      port,
      start,
      stop,
      async destroy() {
        await stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  };
}

export const startFerretDb = managedStore(
  'ferretdb',
  (port, dataDir, logFile) => {
    mkdirSync(join(dataDir, 'db'), { recursive: true });
    return spawnManaged(
      ferretDbBinary(),
      [
        '--handler=sqlite',
        // As scripts/start.sh runs it (see FERRETDB_SQLITE_SYNC there).
        `--sqlite-url=file:${join(dataDir, 'db')}/?_pragma=synchronous(NORMAL)`,
        `--listen-addr=127.0.0.1:${port}`,
        '--debug-addr=127.0.0.1:0',
        '--telemetry=disable',
        '--log-level=warn',
        `--state-dir=${dataDir}`,
      ],
      { logFile },
    );
  },
  canConnect,
  (port) => `mongodb://127.0.0.1:${port}`,
);

export const startRedis = managedStore(
  'redis',
  (port, dataDir, logFile) =>
    spawnManaged('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dataDir], {
      logFile,
    }),
  async (port) => {
    try {
      return (
        execFileSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() === 'PONG'
      );
    } catch {
      return false;
    }
  },
  (port) => `redis://127.0.0.1:${port}`,
);

export interface RunningNats extends RunningStore {
  /** nats-server's monitoring endpoint (`/connz`: messages delivered to each named connection). */
  readonly monitorUrl: string;
}

/** Debian's nats-server (core NATS, no JetStream: the RPC transport keeps nothing), with its monitoring port. */
export async function startNats(): Promise<RunningNats> {
  const monitorPort = await freePort();
  const start = managedStore(
    'nats',
    (port, _dataDir, logFile) =>
      spawnManaged(process.env.NATS_SERVER_BIN ?? 'nats-server', ['-a', '127.0.0.1', '-p', String(port), '-m', String(monitorPort)], {
        logFile,
      }),
    canConnect,
    (port) => `nats://127.0.0.1:${port}`,
  );
  return Object.assign(await start(), { monitorUrl: `http://127.0.0.1:${monitorPort}` });
}
