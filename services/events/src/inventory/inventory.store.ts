import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { REDIS } from '@eventflow/redis';
import { InventoryChanges } from './inventory-changes';
import {
  COMMIT_LUA,
  INSTALL_LUA,
  READ_LUA,
  RECONCILE_LUA,
  RELEASE_LUA,
  RESERVE_LUA,
  RESIZE_LUA,
  SET_STATE_LUA,
  UNDO_RESERVE_LUA,
} from './inventory.lua';

/** held, committed (sold), released before commit, cancelled after commit. */
export type HoldState = 'h' | 'c' | 'r' | 'x';

export interface HoldSnapshot {
  reservaId: string;
  state: HoldState;
  qty: number;
  /** When this state was reached, ms since epoch. */
  at: number;
}

export type ReserveOutcome = 'TAKEN' | 'HELD' | 'COMMITTED' | 'RELEASED' | 'NOT_ACTIVE' | 'SOLD_OUT' | 'REBUILD';
export type ReleaseOutcome = 'RELEASED' | 'ALREADY' | 'CANCELLED' | 'ALREADY_CANCELLED' | 'UNKNOWN' | 'REBUILD';
export type CommitOutcome = 'COMMITTED' | 'ALREADY' | 'RELEASED' | 'UNKNOWN' | 'REBUILD';
export type UndoOutcome = 'UNDONE' | 'KEPT' | 'UNKNOWN' | 'REBUILD';

export interface InventoryAnswer<O extends string> {
  outcome: O;
  avail: number;
  qty: number;
}

export interface LiveInventory {
  avail: number;
  aforo: number;
  held: number;
  sold: number;
  estado: string;
}

/** Key layout shared with the catalog cache (the cached GET reads the counter with MGET). */
export const inventoryKeys = (eventoId: string) => {
  const base = `eventflow:events:{${eventoId}}`;
  return { avail: `${base}:avail`, meta: `${base}:meta`, holds: `${base}:holds`, lock: `${base}:rebuild` };
};

const STATS_KEY = 'eventflow:events:reconcile:stats';

type ScriptCall = (...args: (string | number)[]) => Promise<unknown>;

/**
 * Port over Redis for the inventory: every method is one atomic script (see inventory.lua.ts).
 * It knows nothing of MongoDB; the InventoryService orders Redis and ledger writes.
 */
@Injectable()
export class InventoryStore {
  private readonly scripts: Record<string, ScriptCall> = {};

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly changes: InventoryChanges,
  ) {
    const define = (name: string, lua: string, keys: number) => {
      // defineCommand runs EVALSHA and falls back to EVAL after a Redis restart (NOSCRIPT).
      redis.defineCommand(`eventflow_inv_${name}`, { numberOfKeys: keys, lua });
      const command = (redis as unknown as Record<string, ScriptCall>)[`eventflow_inv_${name}`].bind(redis);
      this.scripts[name] = command;
    };
    define('reserve', RESERVE_LUA, 3);
    define('release', RELEASE_LUA, 3);
    define('commit', COMMIT_LUA, 3);
    define('undo', UNDO_RESERVE_LUA, 3);
    define('resize', RESIZE_LUA, 3);
    define('state', SET_STATE_LUA, 3);
    define('read', READ_LUA, 3);
    define('install', INSTALL_LUA, 4);
    define('reconcile', RECONCILE_LUA, 3);
  }

  private run(name: string, eventoId: string, ...args: (string | number)[]): Promise<unknown> {
    const k = inventoryKeys(eventoId);
    const call = this.scripts[name](k.avail, k.meta, k.holds, ...args);
    // Settled either way: a script that timed out on our side may still have run in Redis.
    return name === 'read' ? call : call.finally(() => this.changes.changed(eventoId));
  }

  private async answer<O extends string>(name: string, eventoId: string, ...args: (string | number)[]): Promise<InventoryAnswer<O>> {
    const [outcome, avail, qty] = (await this.run(name, eventoId, ...args)) as [O, number, number];
    return { outcome, avail: Number(avail), qty: Number(qty) };
  }

  reserve(eventoId: string, reservaId: string, qty: number): Promise<InventoryAnswer<ReserveOutcome>> {
    return this.answer('reserve', eventoId, reservaId, qty);
  }

  release(eventoId: string, reservaId: string): Promise<InventoryAnswer<ReleaseOutcome>> {
    return this.answer('release', eventoId, reservaId);
  }

  commit(eventoId: string, reservaId: string): Promise<InventoryAnswer<CommitOutcome>> {
    return this.answer('commit', eventoId, reservaId);
  }

  undoReserve(eventoId: string, reservaId: string): Promise<InventoryAnswer<UndoOutcome>> {
    return this.answer('undo', eventoId, reservaId);
  }

  async resize(
    eventoId: string,
    aforo: number,
  ): Promise<{ outcome: 'RESIZED' | 'TOO_SMALL' | 'REBUILD'; previous: number; held: number; sold: number }> {
    const [outcome, previous, held, sold] = (await this.run('resize', eventoId, aforo)) as [
      'RESIZED' | 'TOO_SMALL' | 'REBUILD',
      number,
      number,
      number,
    ];
    return { outcome, previous: Number(previous), held: Number(held), sold: Number(sold) };
  }

  async setState(eventoId: string, estado: string): Promise<{ outcome: 'SET' | 'REBUILD'; previous: string }> {
    const [outcome, previous] = (await this.run('state', eventoId, estado)) as ['SET' | 'REBUILD', string];
    return { outcome, previous };
  }

  async read(eventoId: string): Promise<LiveInventory | undefined> {
    const values = (await this.run('read', eventoId)) as [number, number, number, number, string] | [];
    if (values.length === 0) return undefined;
    const [avail, aforo, held, sold, estado] = values;
    return { avail: Number(avail), aforo: Number(aforo), held: Number(held), sold: Number(sold), estado };
  }

  /** Takes the rebuild lock for one event; false when someone else is rebuilding it. */
  async lockRebuild(eventoId: string, token: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(inventoryKeys(eventoId).lock, token, 'PX', ttlMs, 'NX')) === 'OK';
  }

  async unlockRebuild(eventoId: string, token: string): Promise<void> {
    await this.redis.eval(
      "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end return 1",
      1,
      inventoryKeys(eventoId).lock,
      token,
    );
  }

  async isRebuilding(eventoId: string): Promise<boolean> {
    return (await this.redis.exists(inventoryKeys(eventoId).lock)) === 1;
  }

  /** Installs a rebuilt inventory; `token` '' installs only when nothing is there (event creation). */
  async install(
    eventoId: string,
    token: string,
    aforo: number,
    estado: string,
    holds: HoldSnapshot[],
  ): Promise<'INSTALLED' | 'PRESENT' | 'LOST_LOCK'> {
    const k = inventoryKeys(eventoId);
    const args: (string | number)[] = [token, aforo, estado];
    for (const hold of holds) args.push(hold.reservaId, hold.state, hold.qty, hold.at);
    try {
      return (await this.scripts.install(k.avail, k.meta, k.holds, k.lock, ...args)) as 'INSTALLED' | 'PRESENT' | 'LOST_LOCK';
    } finally {
      this.changes.changed(eventoId);
    }
  }

  /** Repairs Redis towards the ledger's view; answers 'REBUILD' or the list of repairs made. */
  async reconcile(eventoId: string, aforo: number, estado: string, graceMs: number, ledger: HoldSnapshot[]): Promise<'REBUILD' | string[]> {
    const args: (string | number)[] = [aforo, estado, graceMs];
    for (const hold of ledger) args.push(hold.reservaId, hold.state, hold.qty, hold.at);
    const [status, ...repairs] = (await this.run('reconcile', eventoId, ...args)) as string[];
    return status === 'REBUILD' ? 'REBUILD' : repairs;
  }

  /** Counts repairs, in total and per event, where every instance of the service sees them. */
  async recordReconciliation(repairsByEvent: Map<string, number>): Promise<void> {
    const pipeline = this.redis.pipeline();
    let total = 0;
    for (const [eventoId, repairs] of repairsByEvent) {
      total += repairs;
      pipeline.hincrby(STATS_KEY, `event:${eventoId}`, repairs);
    }
    pipeline.hincrby(STATS_KEY, 'runs', 1);
    pipeline.hincrby(STATS_KEY, 'repairs', total);
    pipeline.hset(STATS_KEY, 'last_run', new Date().toISOString());
    await pipeline.exec();
  }

  async reconciliationStats(eventoId?: string): Promise<{ runs: number; repairs: number; lastRun: string | null; eventRepairs: number }> {
    const [runs, repairs, lastRun, eventRepairs] = await this.redis.hmget(
      STATS_KEY,
      'runs',
      'repairs',
      'last_run',
      `event:${eventoId ?? ''}`,
    );
    return { runs: Number(runs ?? 0), repairs: Number(repairs ?? 0), lastRun, eventRepairs: Number(eventRepairs ?? 0) };
  }

  async holds(eventoId: string): Promise<HoldSnapshot[]> {
    const raw = await this.redis.hgetall(inventoryKeys(eventoId).holds);
    return Object.entries(raw).map(([reservaId, value]) => {
      const [state, qty, at] = value.split(':');
      return { reservaId, state: state as HoldState, qty: Number(qty), at: Number(at) };
    });
  }
}
