import { Inject, Injectable } from '@nestjs/common';
import type { RedisClient } from '@eventflow/redis';
import { defineScript, REDIS, RedisScript, ScriptArgument } from '@eventflow/redis';
import { InventoryChanges } from './inventory-changes';
import { COMMIT_LUA, READ_LUA, RELEASE_LUA, RESERVE_LUA, RESIZE_LUA, SET_STATE_LUA, UNDO_RESERVE_LUA } from './inventory.lua';
import { INSTALL_LUA, RECONCILE_LUA } from './inventory-repair.lua';

/** held, committed (sold), released before commit, cancelled after commit, undone (see inventory.lua.ts). */
export type HoldState = 'h' | 'c' | 'r' | 'x' | 'u';

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
export type ResizeOutcome = 'RESIZED' | 'TOO_SMALL' | 'REBUILD';
export type InstallOutcome = 'INSTALLED' | 'PRESENT' | 'LOST_LOCK';

/** What a reconciliation repaired in Redis, and the movements Redis made that the ledger still lacks. */
export interface Reconciled {
  repairs: string[];
  behind: { reservaId: string; state: 'r' | 'x' }[];
}

/** What of an event the inventory enforces, and the revision it was read at. */
export interface EnforcedEvent {
  aforo_total: number;
  estado: string;
  revision: number;
}

export interface ResizeAnswer {
  outcome: ResizeOutcome;
  previous: number;
  held: number;
  sold: number;
  previousRevision: number;
}

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
  return { avail: `${base}:avail`, meta: `${base}:meta`, holds: `${base}:holds`, lock: `${base}:rebuild`, offers: `${base}:offers` };
};

const holdArguments = (holds: HoldSnapshot[]): ScriptArgument[] => holds.flatMap((hold) => [hold.reservaId, hold.state, hold.qty, hold.at]);

type Movement = [outcome: string, avail: number, qty: number];

/**
 * Port over Redis for the inventory: every method is one atomic script (see inventory.lua.ts).
 * It knows nothing of MongoDB; the use cases order Redis and ledger writes.
 */
@Injectable()
export class InventoryStore {
  private readonly scripts;

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    private readonly changes: InventoryChanges,
  ) {
    const script = <R>(name: string, lua: string, keys = 3) => defineScript<R>(redis, { name: `inventory-${name}`, keys, lua });
    this.scripts = {
      reserve: script<Movement>('reserve', RESERVE_LUA),
      release: script<Movement>('release', RELEASE_LUA),
      commit: script<Movement>('commit', COMMIT_LUA),
      undo: script<Movement>('undo', UNDO_RESERVE_LUA),
      resize: script<[ResizeOutcome, number, number, number, number]>('resize', RESIZE_LUA),
      state: script<['SET' | 'REBUILD', string, number]>('state', SET_STATE_LUA),
      read: script<[number, number, number, number, string] | []>('read', READ_LUA),
      install: script<InstallOutcome>('install', INSTALL_LUA, 4),
      reconcile: script<string[]>('reconcile', RECONCILE_LUA),
    };
  }

  /** Runs a script that may change the event; this process's read caches hear of it either way. */
  private async change<R>(script: RedisScript<R>, eventoId: string, args: ScriptArgument[], lock = false): Promise<R> {
    const k = inventoryKeys(eventoId);
    try {
      return await script.run(lock ? [k.avail, k.meta, k.holds, k.lock] : [k.avail, k.meta, k.holds], args);
    } finally {
      // Settled either way: a script that timed out on our side may still have run in Redis.
      this.changes.changed(eventoId);
    }
  }

  private async move<O extends string>(
    script: RedisScript<Movement>,
    eventoId: string,
    args: ScriptArgument[],
  ): Promise<InventoryAnswer<O>> {
    const [outcome, avail, qty] = await this.change(script, eventoId, args);
    return { outcome: outcome as O, avail: Number(avail), qty: Number(qty) };
  }

  reserve(eventoId: string, reservaId: string, qty: number): Promise<InventoryAnswer<ReserveOutcome>> {
    return this.move(this.scripts.reserve, eventoId, [reservaId, qty]);
  }

  release(eventoId: string, reservaId: string): Promise<InventoryAnswer<ReleaseOutcome>> {
    return this.move(this.scripts.release, eventoId, [reservaId]);
  }

  commit(eventoId: string, reservaId: string): Promise<InventoryAnswer<CommitOutcome>> {
    return this.move(this.scripts.commit, eventoId, [reservaId]);
  }

  undoReserve(eventoId: string, reservaId: string): Promise<InventoryAnswer<UndoOutcome>> {
    return this.move(this.scripts.undo, eventoId, [reservaId]);
  }

  /** Sets the capacity Redis enforces, recording the event revision it belongs to. */
  async resize(eventoId: string, aforo: number, revision: number): Promise<ResizeAnswer> {
    const [outcome, previous, held, sold, previousRevision] = await this.change(this.scripts.resize, eventoId, [aforo, revision]);
    return { outcome, previous: Number(previous), held: Number(held), sold: Number(sold), previousRevision: Number(previousRevision) };
  }

  async setState(
    eventoId: string,
    estado: string,
    revision: number,
  ): Promise<{ outcome: 'SET' | 'REBUILD'; previous: string; previousRevision: number }> {
    const [outcome, previous, previousRevision] = await this.change(this.scripts.state, eventoId, [estado, revision]);
    return { outcome, previous, previousRevision: Number(previousRevision) };
  }

  async read(eventoId: string): Promise<LiveInventory | undefined> {
    const k = inventoryKeys(eventoId);
    const values = await this.scripts.read.run([k.avail, k.meta, k.holds]);
    if (values.length === 0) return undefined;
    const [avail, aforo, held, sold, estado] = values;
    return { avail: Number(avail), aforo: Number(aforo), held: Number(held), sold: Number(sold), estado };
  }

  /**
   * Installs a rebuilt inventory, fenced by the rebuild lock's `token` (the script checks it
   * and frees the lock); `token` '' installs only when nothing is there (event creation).
   */
  install(eventoId: string, token: string, event: EnforcedEvent, holds: HoldSnapshot[]): Promise<InstallOutcome> {
    const args = [token, event.aforo_total, event.estado, event.revision, ...holdArguments(holds)];
    return this.change(this.scripts.install, eventoId, args, true);
  }

  /**
   * Repairs Redis towards the ledger's view and the event as read just now (its capacity and state
   * only when its revision is not older than Redis's); answers 'REBUILD' or the repairs made.
   */
  async reconcile(eventoId: string, event: EnforcedEvent, graceMs: number, ledger: HoldSnapshot[]): Promise<'REBUILD' | Reconciled> {
    const args = [event.aforo_total, event.estado, graceMs, event.revision, ...holdArguments(ledger)];
    const [status, ...notes] = await this.change(this.scripts.reconcile, eventoId, args);
    if (status === 'REBUILD') return 'REBUILD';
    const behind = notes
      .filter((note) => note.startsWith('behind '))
      .map((note) => {
        const [reservaId, state] = note.slice('behind '.length).split(':');
        return { reservaId, state: state as 'r' | 'x' };
      });
    return { repairs: notes.filter((note) => !note.startsWith('behind ')), behind };
  }

  async holds(eventoId: string): Promise<HoldSnapshot[]> {
    const raw = await this.redis.hgetall(inventoryKeys(eventoId).holds);
    return Object.entries(raw).map(([reservaId, value]) => {
      const [state, qty, at] = value.split(':');
      return { reservaId, state: state as HoldState, qty: Number(qty), at: Number(at) };
    });
  }

  /** Remembers that this hold is a waiting-list offer (for the inventory view only: the hold is an ordinary one). */
  async markOffered(eventoId: string, reservaId: string): Promise<void> {
    await this.redis.sadd(inventoryKeys(eventoId).offers, reservaId);
  }

  /** Tickets held right now by waiting-list offers (their holds still held: not sold, not released). */
  async offered(eventoId: string): Promise<number> {
    const k = inventoryKeys(eventoId);
    const ids = await this.redis.smembers(k.offers);
    if (ids.length === 0) return 0;
    const values = await this.redis.hmget(k.holds, ...ids);
    return values.reduce((sum, value) => {
      const [state, qty] = (value ?? '').split(':');
      return state === 'h' ? sum + Number(qty) : sum;
    }, 0);
  }
}
