/**
 * The inventory's Redis scripts. Each operation is ONE script, so it is atomic with respect
 * to every other operation on the same event.
 *
 * Keys of one event (the `{id}` hash tag keeps them in one cluster slot):
 *   KEYS[1] eventflow:events:{id}:avail  integer, tickets still on sale (read by the cached GET with MGET)
 *   KEYS[2] eventflow:events:{id}:meta   hash: aforo, estado, held, sold
 *   KEYS[3] eventflow:events:{id}:holds  hash: reserva_id -> "<h|c|r|x|u>:<qty>:<ms>"
 *           (held, committed, released before commit, cancelled after commit, undone: a hold
 *           taken back because its ledger write failed, which its own retry may take again)
 *
 * Tombstones (r, x) are never removed: a release that finds nothing leaves one too, so a reserve
 * still in flight for that reserva_id can never take tickets afterwards (the review's H1).
 *
 * Invariant kept by every script: avail = aforo - held - sold, and held/sold are the sums of the
 * holds in state h/c. When avail or meta is missing (Redis restarted or flushed) the scripts answer
 * REBUILD and change nothing: the service rebuilds from the MongoDB ledger and retries.
 */
export const LUA_PRELUDE = `
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function parse(v)
  local s, q, ts = string.match(v, '^(%a):(%d+):(%d+)$')
  return s, tonumber(q), tonumber(ts)
end
local function missing()
  return redis.call('EXISTS', KEYS[1], KEYS[2]) < 2
end
`;

/** ARGV: reserva_id, qty → {outcome, avail, qty} with outcome TAKEN|HELD|COMMITTED|RELEASED|NOT_ACTIVE|SOLD_OUT|REBUILD. */
export const RESERVE_LUA = `${LUA_PRELUDE}
if missing() then return {'REBUILD', 0, 0} end
local avail = tonumber(redis.call('GET', KEYS[1]))
local current = redis.call('HGET', KEYS[3], ARGV[1])
if current then
  local s, q = parse(current)
  if s == 'h' then return {'HELD', avail, q} end
  if s == 'c' then return {'COMMITTED', avail, q} end
  if s ~= 'u' then return {'RELEASED', avail, q} end
end
if redis.call('HGET', KEYS[2], 'estado') ~= 'activo' then return {'NOT_ACTIVE', avail, 0} end
local qty = tonumber(ARGV[2])
-- check-and-decrement: nothing is taken unless all of it is there
if avail < qty then return {'SOLD_OUT', avail, 0} end
avail = redis.call('DECRBY', KEYS[1], qty)
redis.call('HINCRBY', KEYS[2], 'held', qty)
redis.call('HSET', KEYS[3], ARGV[1], 'h:' .. qty .. ':' .. now_ms())
return {'TAKEN', avail, qty}
`;

/**
 * Gives tickets back: a hold is released (a saga's compensation), sold tickets are cancelled
 * (a fan's cancellation) and go on sale again.
 * ARGV: reserva_id → {outcome, avail, qty} with outcome RELEASED|ALREADY|CANCELLED|ALREADY_CANCELLED|UNKNOWN|REBUILD.
 */
export const RELEASE_LUA = `${LUA_PRELUDE}
if missing() then return {'REBUILD', 0, 0} end
local current = redis.call('HGET', KEYS[3], ARGV[1])
local s, q
if current then s, q = parse(current) end
if not current or s == 'u' then
  -- Nothing held: leave the tombstone, so that a reserve still on its way cannot take tickets later.
  redis.call('HSET', KEYS[3], ARGV[1], 'r:0:' .. now_ms())
  return {'UNKNOWN', tonumber(redis.call('GET', KEYS[1])), 0}
end
if s == 'r' then return {'ALREADY', tonumber(redis.call('GET', KEYS[1])), q} end
if s == 'x' then return {'ALREADY_CANCELLED', tonumber(redis.call('GET', KEYS[1])), q} end
if s == 'c' then
  local back = redis.call('INCRBY', KEYS[1], q)
  redis.call('HINCRBY', KEYS[2], 'sold', -q)
  redis.call('HSET', KEYS[3], ARGV[1], 'x:' .. q .. ':' .. now_ms())
  return {'CANCELLED', back, q}
end
local avail = redis.call('INCRBY', KEYS[1], q)
redis.call('HINCRBY', KEYS[2], 'held', -q)
redis.call('HSET', KEYS[3], ARGV[1], 'r:' .. q .. ':' .. now_ms())
return {'RELEASED', avail, q}
`;

/** ARGV: reserva_id → {outcome, avail, qty} with outcome COMMITTED|ALREADY|RELEASED|UNKNOWN|REBUILD. */
export const COMMIT_LUA = `${LUA_PRELUDE}
if missing() then return {'REBUILD', 0, 0} end
local avail = tonumber(redis.call('GET', KEYS[1]))
local current = redis.call('HGET', KEYS[3], ARGV[1])
if not current then return {'UNKNOWN', avail, 0} end
local s, q = parse(current)
if s == 'c' then return {'ALREADY', avail, q} end
if s == 'r' or s == 'x' then return {'RELEASED', avail, q} end
if s == 'u' then return {'UNKNOWN', avail, 0} end
redis.call('HINCRBY', KEYS[2], 'held', -q)
redis.call('HINCRBY', KEYS[2], 'sold', q)
redis.call('HSET', KEYS[3], ARGV[1], 'c:' .. q .. ':' .. now_ms())
return {'COMMITTED', avail, q}
`;

/**
 * Takes back a hold whose ledger write failed. It leaves `u` (undone): the caller's retry of the
 * same reserva_id may take the tickets again, but a release that comes first turns it into a
 * tombstone (H1). ARGV: reserva_id → {outcome, avail, qty}.
 */
export const UNDO_RESERVE_LUA = `${LUA_PRELUDE}
if missing() then return {'REBUILD', 0, 0} end
local current = redis.call('HGET', KEYS[3], ARGV[1])
if not current then return {'UNKNOWN', tonumber(redis.call('GET', KEYS[1])), 0} end
local s, q = parse(current)
if s ~= 'h' then return {'KEPT', tonumber(redis.call('GET', KEYS[1])), q} end
local avail = redis.call('INCRBY', KEYS[1], q)
redis.call('HINCRBY', KEYS[2], 'held', -q)
redis.call('HSET', KEYS[3], ARGV[1], 'u:' .. q .. ':' .. now_ms())
return {'UNDONE', avail, q}
`;

/**
 * Changes aforo_total, refusing to go below what is held or sold, and records the event
 * revision it enforces (meta.rev). ARGV: new aforo, revision →
 * {outcome, previous aforo, held, sold, previous revision} with outcome RESIZED|TOO_SMALL|REBUILD.
 */
export const RESIZE_LUA = `${LUA_PRELUDE}
if missing() then return {'REBUILD', 0, 0, 0, 0} end
local aforo = tonumber(redis.call('HGET', KEYS[2], 'aforo'))
local held = tonumber(redis.call('HGET', KEYS[2], 'held'))
local sold = tonumber(redis.call('HGET', KEYS[2], 'sold'))
local rev = tonumber(redis.call('HGET', KEYS[2], 'rev') or '0')
local wanted = tonumber(ARGV[1])
if wanted < held + sold then return {'TOO_SMALL', aforo, held, sold, rev} end
redis.call('INCRBY', KEYS[1], wanted - aforo)
redis.call('HSET', KEYS[2], 'aforo', wanted, 'rev', ARGV[2])
return {'RESIZED', aforo, held, sold, rev}
`;

/** ARGV: estado, revision → {outcome, previous estado, previous revision} with outcome SET|REBUILD. */
export const SET_STATE_LUA = `${LUA_PRELUDE}
if missing() then return {'REBUILD', '', 0} end
local previous = redis.call('HGET', KEYS[2], 'estado')
local rev = tonumber(redis.call('HGET', KEYS[2], 'rev') or '0')
redis.call('HSET', KEYS[2], 'estado', ARGV[1], 'rev', ARGV[2])
return {'SET', previous, rev}
`;

/** → {avail, aforo, held, sold, estado} or {} when missing. */
export const READ_LUA = `${LUA_PRELUDE}
if missing() then return {} end
local m = redis.call('HMGET', KEYS[2], 'aforo', 'held', 'sold', 'estado')
return {tonumber(redis.call('GET', KEYS[1])), tonumber(m[1]), tonumber(m[2]), tonumber(m[3]), m[4]}
`;
