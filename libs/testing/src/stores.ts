import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Socket } from 'node:net';
import { freePort } from './ports';
import { ManagedProcess, spawnManaged } from './process';
import { waitUntil } from './wait';

export const PROJECT_ROOT = resolve(__dirname, '../../..');

/** A store as the services see it: where it is, and its life cycle. */
export interface StoreEndpoint {
  readonly url: string;
  readonly port: number;
  /** Stops the store, keeping its data, so a test can simulate an outage. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops it and removes its data. */
  destroy(): Promise<void>;
}

/** One store process of our own. */
export interface RunningStore extends StoreEndpoint {
  /** A crash: SIGKILL, keeping whatever the store had made durable. */
  kill(): Promise<void>;
  /** Freezes the process (SIGSTOP): connections stay open and nothing answers, until thaw(). */
  freeze(): void;
  thaw(): void;
  /** The store's data folder (kept across stop/start and kill/start). */
  readonly dataDir: string;
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
  launch: (port: number, dataDir: string, logFile: string, extraArgs: string[]) => ManagedProcess,
  ready: (port: number) => Promise<boolean>,
  urlFor: (port: number) => string,
) {
  return async (options: { extraArgs?: string[] } = {}): Promise<RunningStore & { startWith(args: string[]): Promise<void> }> => {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), `eventflow-${name}-`));
    const logFile = join(dataDir, `${name}.log`);
    let process: ManagedProcess | undefined;
    const startWith = async (extraArgs: string[]) => {
      process = launch(port, dataDir, logFile, extraArgs);
      const launched = process;
      await waitUntil(async () => !launched.exited() && (await ready(port)), {
        timeoutMs: 30_000,
        description: `${name} on port ${port} (log: ${logFile})`,
      });
    };
    const start = () => startWith(options.extraArgs ?? []);
    const stop = async () => {
      await process?.stop('SIGTERM', 5_000);
      process = undefined;
    };
    await start();
    return {
      url: urlFor(port),
      port,
      dataDir,
      start,
      startWith,
      stop,
      async kill() {
        await process?.stop('SIGKILL', 5_000);
        process = undefined;
      },
      freeze: () => process?.signal('SIGSTOP'),
      thaw: () => process?.signal('SIGCONT'),
      async destroy() {
        await stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  };
}

export const startFerretDb = managedStore(
  'ferretdb',
  (port, dataDir, logFile, extraArgs) => {
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
        ...extraArgs,
      ],
      { logFile },
    );
  },
  canConnect,
  (port) => `mongodb://127.0.0.1:${port}`,
);

export const startRedis = managedStore(
  'redis',
  (port, dataDir, logFile, extraArgs) =>
    spawnManaged(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dataDir, ...extraArgs],
      { logFile },
    ),
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

export type RunningRedis = Awaited<ReturnType<typeof startRedis>>;

/** Redis persisted as `npm start` runs it (AOF, fsync every second), so a kill -9 loses at most the last second. */
export const startDurableRedis = () => startRedis({ extraArgs: ['--appendonly', 'yes', '--appendfsync', 'everysec'] });

const redisCli = (port: number, ...args: string[]) =>
  execFileSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** Copies Redis's data as it is now (an RDB written by SAVE) to a file a later restore puts back. */
export function snapshotRedis(redis: RunningRedis): string {
  redisCli(redis.port, 'SAVE');
  const file = join(redis.dataDir, `snapshot-${Date.now()}.rdb`);
  copyFileSync(join(redis.dataDir, 'dump.rdb'), file);
  return file;
}

/**
 * Redis restarted from an older snapshot (a restore, a failover to a lagging replica): killed,
 * its AOF dropped, and started from `file`; then AOF is switched back on from that data.
 */
export async function restoreRedisSnapshot(redis: RunningRedis, file: string): Promise<void> {
  await redis.kill();
  rmSync(join(redis.dataDir, 'appendonlydir'), { recursive: true, force: true });
  copyFileSync(file, join(redis.dataDir, 'dump.rdb'));
  // With AOF on and no AOF file, Redis 7 would start empty and ignore the RDB.
  await redis.startWith(['--appendonly', 'no']);
  redisCli(redis.port, 'CONFIG', 'SET', 'appendonly', 'yes');
}
