import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';
import { ManagedProcess, spawnManaged } from './process';
import { RunningRedisCluster, startRedisCluster } from './redis-cluster';
import {
  PROJECT_ROOT,
  RunningNats,
  RunningRedis,
  RunningStore,
  startDurableRedis,
  startFerretDb,
  startNats,
  startRedis,
  StoreEndpoint,
} from './stores';
import { waitUntil } from './wait';

export type ServiceName = 'users' | 'events' | 'reservations';
export const SERVICE_NAMES: ServiceName[] = ['users', 'events', 'reservations'];

export interface StaffKeys {
  organizer: string;
  organizer2: string;
  analyst: string;
  admin: string;
}

export interface RunningService {
  readonly name: ServiceName;
  readonly url: string;
  readonly port: number;
  readonly rpcPort: number;
  readonly logFile: string;
  /** Graceful stop (SIGTERM), or a crash with SIGKILL. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the service again with the same ports, optionally with changed settings. */
  start(overrides?: Record<string, string>): Promise<void>;
  isRunning(): boolean;
}

export interface TestStack {
  mongo: RunningStore;
  /** The services' Redis: the single redis-server, or the cluster's seed node. */
  redis: StoreEndpoint;
  /** The single redis-server (unset on a cluster), to kill, snapshot or restore it. */
  redisServer?: RunningRedis;
  /** Set when the stack runs on a Redis Cluster. */
  redisCluster?: RunningRedisCluster;
  /** With `transport: 'nats'`: the nats-server every instance talks through. */
  nats?: RunningNats;
  services: Record<ServiceName, RunningService>;
  keys: StaffKeys;
  /** The environment every service got (useful to start an extra instance). */
  env: Record<string, string>;
  /**
   * Starts one more instance of a service on fresh ports, against the same stores (meant for
   * `transport: 'nats'`, where instances find each other through NATS); stopped with the stack.
   */
  addInstance(name: ServiceName, overrides?: Record<string, string>): Promise<RunningService>;
  stop(): Promise<void>;
}

const secret = () => randomBytes(24).toString('base64url');

export function randomKeys(): StaffKeys {
  return { organizer: secret(), organizer2: secret(), analyst: secret(), admin: secret() };
}

/**
 * One internal-transport secret for every stack a test run starts (jest's global setup puts it in
 * process.env, which test files inherit), so test helpers sign what any of those stacks accepts.
 */
export function testRpcSecrets(): string {
  process.env.RPC_SECRETS ??= `rpc-test:${randomBytes(32).toString('base64url')}`;
  return process.env.RPC_SECRETS;
}

/** The settings a freshly generated development or test environment needs, with random secrets. */
export function baseEnv(keys: StaffKeys): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.EVENTFLOW_TEST_LOG_LEVEL ?? 'warn',
    RPC_SECRETS: testRpcSecrets(),
    // A shell that exported TRANSPORT=nats for npm start must not turn every TCP stack to NATS.
    TRANSPORT: 'tcp',
    // Every test runs from 127.0.0.1 and many send bad tokens on purpose; the limiter's own test lowers it.
    AUTH_FAILURE_LIMIT: '1000000',
    // Likewise every fan registers from 127.0.0.1; the registration limit's own test lowers it.
    REGISTRATION_RATE_LIMIT: '1000000',
    // And the eager fans of the flash sales reserve many times a minute; the per-fan limit's own test lowers it.
    RESERVATION_RATE_LIMIT: '1000000',
    // Short, so the test of a truncated body is quick; still far beyond what a local body takes.
    REQUEST_TIMEOUT_MS: '2000',
    ORGANIZER_KEYS: `org1:${keys.organizer},org2:${keys.organizer2}`,
    ANALYST_KEYS: `analyst1:${keys.analyst}`,
    ADMIN_KEYS: `admin1:${keys.admin}`,
    DOCUMENT_HASH_KEY: randomBytes(32).toString('base64'),
    ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
  };
}

export function serviceEntry(name: ServiceName): string {
  const entry = join(PROJECT_ROOT, 'dist/services', name, 'src/main.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run build first`);
  return entry;
}

export async function startService(name: ServiceName, env: Record<string, string>, logDir: string): Promise<RunningService> {
  const port = Number(env.PORT);
  const rpcPort = Number(env.RPC_PORT);
  const url = `http://127.0.0.1:${port}`;
  const logFile = join(logDir, `${name}.log`);
  let child: ManagedProcess | undefined;
  const start = async (overrides: Record<string, string> = {}) => {
    const launched = spawnManaged(process.execPath, [serviceEntry(name)], { env: { ...process.env, ...env, ...overrides }, logFile });
    child = launched;
    await waitUntil(
      async () => {
        if (launched.exited()) throw new Error(`${name} exited during start-up; see ${logFile}`);
        const response = await fetch(`${url}/health/ready`);
        return response.status === 200;
      },
      { timeoutMs: 60_000, intervalMs: 100, description: `${name} to become ready (log: ${logFile})` },
    );
  };
  await start();
  return {
    name,
    url,
    port,
    rpcPort,
    logFile,
    start,
    isRunning: () => child !== undefined && !child.exited(),
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      await child?.stop(signal, 15_000);
      child = undefined;
    },
  };
}

export interface StackOptions {
  /** Extra settings for every service. */
  env?: Record<string, string>;
  /** Extra settings per service. */
  serviceEnv?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Which services to start (default: all, or EVENTFLOW_E2E_SERVICES=users,events). */
  only?: ServiceName[];
  /** The internal transport (default tcp); `nats` also starts a private nats-server. */
  transport?: 'tcp' | 'nats';
  /** Redis persisted as in production (AOF, fsync every second) instead of in memory only. */
  durableRedis?: boolean;
  /** Run on a Redis Cluster of this shape instead of one redis-server (REDIS_CLUSTER_NODES). */
  redisCluster?: { masters?: number; replicasPerMaster?: number };
}

function servicesToStart(options: StackOptions): ServiceName[] {
  if (options.only) return options.only;
  const listed = process.env.EVENTFLOW_E2E_SERVICES?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return SERVICE_NAMES.filter((name) => !listed || listed.includes(name));
}

/** Starts FerretDB, Redis and the three services on free ports with throwaway data. */
export async function startStack(options: StackOptions = {}): Promise<TestStack> {
  const logDir = mkdtempSync(join(tmpdir(), 'eventflow-stack-'));
  const cluster = options.redisCluster && (await startRedisCluster(options.redisCluster));
  const [mongo, redisServer, nats] = await Promise.all([
    startFerretDb(),
    cluster ? undefined : options.durableRedis ? startDurableRedis() : startRedis(),
    options.transport === 'nats' ? startNats() : undefined,
  ]);
  const redis: StoreEndpoint | undefined = cluster ?? redisServer;
  if (!redis) throw new Error('no Redis started');
  const started: RunningService[] = [];
  const destroyStores = () => Promise.all([mongo.destroy(), redis.destroy(), nats?.destroy()]);
  try {
    const keys = randomKeys();
    const ports = await Promise.all(Array.from({ length: 6 }, () => freePort()));
    const [usersPort, eventsPort, reservationsPort, usersRpc, eventsRpc, reservationsRpc] = ports;
    const env: Record<string, string> = {
      ...baseEnv(keys),
      MONGO_URL: mongo.url,
      REDIS_URL: redis.url,
      ...(cluster && { REDIS_CLUSTER_NODES: cluster.nodes }),
      USERS_RPC_PORT: String(usersRpc),
      EVENTS_RPC_PORT: String(eventsRpc),
      ...(nats && { TRANSPORT: 'nats', NATS_URL: nats.url }),
      ...options.env,
    };
    const portsOf: Record<ServiceName, [number, number]> = {
      users: [usersPort, usersRpc],
      events: [eventsPort, eventsRpc],
      reservations: [reservationsPort, reservationsRpc],
    };
    const services = {} as Record<ServiceName, RunningService>;
    const wanted = servicesToStart(options);
    // users and events first: reservations calls them.
    for (const group of [['users', 'events'], ['reservations']] as ServiceName[][]) {
      await Promise.all(
        group
          .filter((name) => wanted.includes(name))
          .map(async (name) => {
            const [port, rpcPort] = portsOf[name];
            const service = await startService(
              name,
              { ...env, PORT: String(port), RPC_PORT: String(rpcPort), ...options.serviceEnv?.[name] },
              logDir,
            );
            services[name] = service;
            started.push(service);
          }),
      );
    }
    let extra = 0;
    return {
      mongo,
      redis,
      redisServer,
      redisCluster: cluster,
      nats,
      services,
      keys,
      env,
      async addInstance(name, overrides = {}) {
        const [port, rpcPort] = await Promise.all([freePort(), freePort()]);
        const instanceLogs = join(logDir, `instance-${++extra}`);
        const service = await startService(
          name,
          { ...env, PORT: String(port), RPC_PORT: String(rpcPort), ...options.serviceEnv?.[name], ...overrides },
          instanceLogs,
        );
        started.push(service);
        return service;
      },
      async stop() {
        await Promise.all(started.map((service) => service.stop()));
        await destroyStores();
      },
    };
  } catch (error) {
    await Promise.all(started.map((service) => service.stop('SIGKILL')));
    await destroyStores();
    throw error;
  }
}

/** What the shared e2e stack publishes to test files (they run in other processes). */
export interface SharedStackInfo {
  mongoUrl: string;
  redisUrl: string;
  keys: StaffKeys;
  env: Record<string, string>;
  services: Record<ServiceName, { url: string; port: number; rpcPort: number; logFile: string }>;
}

export const SHARED_STACK_FILE_VAR = 'EVENTFLOW_E2E_STACK_FILE';

/** The stack that jest's global setup started for all e2e tests. Do not stop its stores. */
export function sharedStack(): SharedStackInfo {
  const file = process.env[SHARED_STACK_FILE_VAR];
  if (!file) throw new Error(`${SHARED_STACK_FILE_VAR} is not set: run e2e tests through jest's e2e project`);
  return JSON.parse(readFileSync(file, 'utf8')) as SharedStackInfo;
}
