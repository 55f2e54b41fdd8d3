import { IsInt, Max, Min } from 'class-validator';
import { ServiceEnv, ToInt } from '@eventflow/config';

/** Settings of the events service; see the configuration table in README.md. */
export class EventsEnv extends ServiceEnv {
  override PORT = 3002;
  override RPC_PORT = 4002;
  override MONGO_DB = 'eventflow_events';

  /** How long an event's public JSON stays cached (it is also invalidated on every change). */
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(86_400)
  EVENT_CACHE_TTL_SECONDS = 120;

  /**
   * How long each process serves an event's JSON from its own memory before asking Redis
   * again (0: never). This process's own changes are visible at once; other instances' after this.
   */
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(10_000)
  EVENT_LOCAL_CACHE_MS = 250;

  /** How long one catalog page stays cached (every write also moves the catalog to a new version). */
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(3_600)
  CATALOG_CACHE_TTL_SECONDS = 30;

  /** How often the inventory reconciliation job compares Redis with the ledger. */
  @ToInt()
  @IsInt()
  @Min(100)
  @Max(86_400_000)
  RECONCILE_INTERVAL_MS = 60_000;

  /**
   * A hold that Redis and the ledger disagree about is left alone this long, because an
   * operation in flight writes Redis first and the ledger right after.
   */
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  RECONCILE_GRACE_MS = 30_000;
}
