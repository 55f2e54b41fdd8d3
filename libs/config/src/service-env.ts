import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ToInt } from './transforms';

const PORT_MIN = 1;
const PORT_MAX = 65535;
/** `id:secret[|secret…]`: `|`, `,` and `:` cannot occur in a secret, so they separate unambiguously. */
const KEY_ENTRY = String.raw`[A-Za-z0-9_-]{1,32}:[A-Za-z0-9_\-+/=]{24,}(\|[A-Za-z0-9_\-+/=]{24,})*`;
const KEY_LIST = new RegExp(`^${KEY_ENTRY}(,${KEY_ENTRY})*$`);
const KEY_LIST_MESSAGE =
  'must be a comma-separated list of id:secret entries, each id with one or more |-separated secrets of at least 24 characters';
const RPC_SECRET_LIST = /^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9_\-+/=]{32,}(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9_\-+/=]{32,})*$/;

/**
 * Variables every EventFlow service understands. Each service extends this class,
 * overriding the port defaults and adding its own settings.
 */
export class ServiceEnv {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @ToInt()
  @IsInt()
  @Min(PORT_MIN)
  @Max(PORT_MAX)
  PORT = 3000;

  @IsString()
  HTTP_HOST = '127.0.0.1';

  @ToInt()
  @IsInt()
  @Min(PORT_MIN)
  @Max(PORT_MAX)
  RPC_PORT = 4000;

  @IsString()
  RPC_HOST = '127.0.0.1';

  @Matches(/^mongodb(\+srv)?:\/\/.+/, { message: 'must be a mongodb:// URL' })
  MONGO_URL = 'mongodb://127.0.0.1:27027';

  @Matches(/^[A-Za-z0-9_-]{1,63}$/, { message: 'must be a database name' })
  MONGO_DB = 'eventflow';

  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6390';

  /** A Redis Cluster's seed nodes, `host:port[,host:port…]`; when set, every Redis client is a cluster client and REDIS_URL is unused. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9.-]+:\d{1,5}(,[A-Za-z0-9.-]+:\d{1,5})*$/, { message: 'must be a comma-separated list of host:port seed nodes' })
  REDIS_CLUSTER_NODES?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Per-request access logs cost throughput; they can be switched off under load. */
  @IsIn(['true', 'false'])
  LOG_REQUESTS = 'true';

  @ToInt()
  @IsInt()
  @Min(1024)
  @Max(10 * 1024 * 1024)
  BODY_LIMIT_BYTES = 16 * 1024;

  @ToInt()
  @IsInt()
  @Min(100)
  @Max(120_000)
  SHUTDOWN_TIMEOUT_MS = 10_000;

  /** A request body must arrive within this time (a slow or truncated body gets 408). */
  @ToInt()
  @IsInt()
  @Min(100)
  @Max(300_000)
  REQUEST_TIMEOUT_MS = 10_000;

  /**
   * Failed authentications one client address may make per window, across every instance of
   * every service (counted in Redis), before it gets 429: each failure may cost a users look-up.
   */
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  AUTH_FAILURE_LIMIT = 100;

  @ToInt()
  @IsInt()
  @Min(1_000)
  @Max(86_400_000)
  AUTH_FAILURE_WINDOW_MS = 60_000;

  @ToInt()
  @IsInt()
  @Min(50)
  @Max(60_000)
  RPC_TIMEOUT_MS = 3_000;

  /**
   * The internal transport: `tcp` (one instance of each service per host:port, RPC_HOST/RPC_PORT
   * and *_RPC_HOST/*_RPC_PORT) or `nats` (any number of instances behind NATS_URL, each request
   * handled by exactly one instance of its service's queue group).
   */
  @IsIn(['tcp', 'nats'])
  TRANSPORT: 'tcp' | 'nats' = 'tcp';

  /** The NATS servers with TRANSPORT=nats, `nats://host:port[,nats://host:port…]`. */
  @Matches(/^(nats|tls):\/\/[^,\s]+(,(nats|tls):\/\/[^,\s]+)*$/, { message: 'must be a comma-separated list of nats:// URLs' })
  NATS_URL = 'nats://127.0.0.1:4222';

  /** Where the other services' internal (RPC) listeners are with TRANSPORT=tcp; used by RPC clients. */
  @IsString()
  USERS_RPC_HOST = '127.0.0.1';

  @ToInt()
  @IsInt()
  @Min(PORT_MIN)
  @Max(PORT_MAX)
  USERS_RPC_PORT = 4001;

  @IsString()
  EVENTS_RPC_HOST = '127.0.0.1';

  @ToInt()
  @IsInt()
  @Min(PORT_MIN)
  @Max(PORT_MAX)
  EVENTS_RPC_PORT = 4002;

  @IsOptional()
  @Matches(KEY_LIST, { message: KEY_LIST_MESSAGE })
  ORGANIZER_KEYS?: string;

  @IsOptional()
  @Matches(KEY_LIST, { message: KEY_LIST_MESSAGE })
  ANALYST_KEYS?: string;

  @IsOptional()
  @Matches(KEY_LIST, { message: KEY_LIST_MESSAGE })
  ADMIN_KEYS?: string;

  /**
   * Shared secrets of the internal transport, `id:secret[,id:secret…]`: the first signs every
   * message, all of them verify (rotation). No default: a service that cannot prove it is one of
   * EventFlow's does not start.
   */
  @Matches(RPC_SECRET_LIST, { message: 'must be a comma-separated list of id:secret pairs (secret of at least 32 characters)' })
  RPC_SECRETS!: string;
}
