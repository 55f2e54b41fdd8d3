// eslint-disable-next-line @typescript-eslint/no-require-imports
const calculateSlot: (key: string) => number = require('cluster-key-slot');
import { definedScripts, RedisClient, RedisLock, ScriptDefinition } from '@eventflow/redis';
import { catalogKeys, EventCache, eventCacheKeys } from '../services/events/src/catalog/event.cache';
import { InventoryChanges } from '../services/events/src/inventory/inventory-changes';
import { InventoryStore, inventoryKeys } from '../services/events/src/inventory/inventory.store';
import { purchaseLimitKeys, RedisPurchaseLimitStore } from '../services/reservations/src/adapters/redis-purchase-limit.store';
import { SimulatedPaymentGateway } from '../services/reservations/src/adapters/simulated-payment.gateway';
import { ReservationsEnv } from '../services/reservations/src/config/reservations.env';
import { HeldTicketsSource } from '../services/reservations/src/ports/purchase-limit.port';
import { ActiveSagaIndex, SAGA_INDEX_KEYS, sagaLockKey } from '../services/reservations/src/saga/active-saga.index';
import { profileCacheKeys, ProfileCache } from '../services/users/src/profile/profile.cache';
import { UsersEnv } from '../services/users/src/config/users.env';

/**
 * Redis Cluster runs a script only if all its keys hash to one slot (else CROSSSLOT), and routes it
 * by its declared KEYS. This proves both for every script EventFlow defines, with the real key builders.
 */
const EVENT = '665f1c2e9b1e8a0012345678';
const FAN = '665f1c2e9b1e8a0087654321';
const RESERVATION = '665f1c2e9b1e8a00aaaabbbb';
const inventory = inventoryKeys(EVENT);
const movement = [inventory.avail, inventory.meta, inventory.holds];

/** The keys each multi-key script is run with, built as its store builds them. */
const KEYS_OF: Record<string, string[]> = {
  'inventory-reserve': movement,
  'inventory-release': movement,
  'inventory-commit': movement,
  'inventory-undo': movement,
  'inventory-resize': movement,
  'inventory-state': movement,
  'inventory-read': movement,
  'inventory-reconcile': movement,
  'inventory-install': [...movement, inventory.lock],
  'event-fill': [eventCacheKeys.generation(EVENT), eventCacheKeys.doc(EVENT)],
  'catalog-read-page': [catalogKeys.version, catalogKeys.page('categoria=Concierto&limit=20')],
  'profile-put-if-unchanged': [profileCacheKeys.profile(FAN), profileCacheKeys.version(FAN)],
  'profile-invalidate': [profileCacheKeys.profile(FAN), profileCacheKeys.version(FAN)],
  'sagas-track': [...SAGA_INDEX_KEYS, sagaLockKey(RESERVATION)],
  'sagas-forget': [...SAGA_INDEX_KEYS, sagaLockKey(RESERVATION)],
  'limit-hold': [purchaseLimitKeys.counter(EVENT, FAN), purchaseLimitKeys.marker(EVENT)],
};

/** Commands that take no key: anything else must name a KEYS entry as its first argument. */
const KEYLESS = new Set(['TIME', 'PING', 'INFO']);

/** Every `redis.call('CMD', first, …)` whose first argument is not a KEYS entry (a key built in Lua). */
function keysBuiltInLua(lua: string): string[] {
  return [...lua.matchAll(/redis\.p?call\(\s*'(\w+)'\s*(?:,\s*([^,)]+))?/g)]
    .filter(([, command, first]) => first !== undefined && !KEYLESS.has(command.toUpperCase()) && !first.trim().startsWith('KEYS['))
    .map(([call]) => call);
}

function defineEveryScript(): ReadonlyMap<string, ScriptDefinition> {
  const redis = { on: () => redis } as unknown as RedisClient;
  const locks = new RedisLock(redis);
  new InventoryStore(redis, new InventoryChanges());
  new EventCache(redis);
  new ProfileCache(redis, new UsersEnv());
  new ActiveSagaIndex(redis);
  new SimulatedPaymentGateway(redis, new ReservationsEnv());
  new RedisPurchaseLimitStore(redis, {} as HeldTicketsSource, locks);
  return definedScripts();
}

describe('Redis scripts on a cluster', () => {
  const scripts = [...defineEveryScript()];

  it('finds every script the services and libs define', () => {
    expect(scripts.map(([name]) => name)).toEqual(expect.arrayContaining([...Object.keys(KEYS_OF), 'lock-release', 'payment-charge']));
  });

  it.each(scripts)('%s: every key it touches hashes to one slot', (name, definition) => {
    if (definition.keys <= 1) return expect(KEYS_OF[name]).toBeUndefined();
    const keys = KEYS_OF[name];
    expect(keys).toHaveLength(definition.keys);
    expect(new Set(keys.map(calculateSlot)).size).toBe(1);
  });

  it.each(scripts)('%s: names its keys in KEYS, never builds one in Lua', (_name, definition) => {
    expect(keysBuiltInLua(definition.lua)).toEqual([]);
  });

  it('sends an event and its purchase limits to different slots, so an on-sale loads two masters', () => {
    expect(calculateSlot(purchaseLimitKeys.marker(EVENT))).not.toBe(calculateSlot(inventory.avail));
  });
});
