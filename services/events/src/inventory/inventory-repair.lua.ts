/**
 * The scripts that write an event's whole inventory from the ledger's view: a rebuild's install
 * and the reconciliation's repair. Keys and invariants as in inventory.lua.ts.
 */
import { LUA_PRELUDE } from './inventory.lua';

/**
 * Installs an event's inventory computed from the ledger. KEYS[4] is the rebuild lock:
 * with a token, the install happens only while this caller still holds the lock; without one
 * (event creation) only when nothing is there yet. Never overwrites a live inventory, so
 * concurrent rebuilds cannot double count.
 * ARGV: token, aforo, estado, revision, then (reserva_id, state, qty, ms) for each hold.
 * → INSTALLED | PRESENT | LOST_LOCK
 */
export const INSTALL_LUA = `${LUA_PRELUDE}
if ARGV[1] ~= '' and redis.call('GET', KEYS[4]) ~= ARGV[1] then return 'LOST_LOCK' end
if not missing() then
  if ARGV[1] ~= '' then redis.call('DEL', KEYS[4]) end
  return 'PRESENT'
end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
local aforo = tonumber(ARGV[2])
local held, sold = 0, 0
for i = 5, #ARGV, 4 do
  local s, q = ARGV[i + 1], tonumber(ARGV[i + 2])
  if s == 'h' then held = held + q elseif s == 'c' then sold = sold + q end
  redis.call('HSET', KEYS[3], ARGV[i], s .. ':' .. q .. ':' .. ARGV[i + 3])
end
redis.call('HSET', KEYS[2], 'aforo', aforo, 'estado', ARGV[3], 'rev', ARGV[4], 'held', held, 'sold', sold)
redis.call('SET', KEYS[1], aforo - held - sold)
if ARGV[1] ~= '' then redis.call('DEL', KEYS[4]) end
return 'INSTALLED'
`;

/**
 * Repairs Redis towards the ledger. Disagreements about a hold changed less than ARGV[3] ms
 * ago are skipped: an operation in flight writes Redis first and the ledger right after.
 * Capacity and state are repaired only from the event's revision Redis enforces or a newer one
 * (C1): a shrink or a cancellation is applied in Redis before MongoDB, so an event read before it
 * carries an older revision, and its aforo/estado must not undo the change.
 * ARGV: aforo, estado, grace ms, revision, then (reserva_id, state, qty, ms of the latest ledger entry).
 * → {'REBUILD'} or {'OK', repair descriptions..., 'behind <reserva_id>:<r|x>:<qty>'...}: the last ones are
 * releases and cancellations Redis made that the ledger lacks, for the caller to record there.
 */
export const RECONCILE_LUA = `${LUA_PRELUDE}
if missing() then return {'REBUILD'} end
local t = now_ms()
local grace = tonumber(ARGV[3])
local out = {'OK'}
local function note(what) out[#out + 1] = what end
if tonumber(redis.call('HGET', KEYS[2], 'rev') or '0') <= tonumber(ARGV[4]) then
  if redis.call('HGET', KEYS[2], 'aforo') ~= ARGV[1] then
    note('aforo ' .. tostring(redis.call('HGET', KEYS[2], 'aforo')) .. '->' .. ARGV[1])
    redis.call('HSET', KEYS[2], 'aforo', ARGV[1])
  end
  if redis.call('HGET', KEYS[2], 'estado') ~= ARGV[2] then
    note('estado ' .. tostring(redis.call('HGET', KEYS[2], 'estado')) .. '->' .. ARGV[2])
    redis.call('HSET', KEYS[2], 'estado', ARGV[2])
  end
  redis.call('HSET', KEYS[2], 'rev', ARGV[4])
end
local in_ledger = {}
local behind = {}
for i = 5, #ARGV, 4 do
  local id, s, q, lts = ARGV[i], ARGV[i + 1], ARGV[i + 2], tonumber(ARGV[i + 3])
  in_ledger[id] = true
  local want = s .. ':' .. q
  local current = redis.call('HGET', KEYS[3], id)
  if not current then
    if t - lts >= grace then
      redis.call('HSET', KEYS[3], id, want .. ':' .. t)
      note('hold ' .. id .. ' missing->' .. want)
    end
  else
    local cs, cq, cts = parse(current)
    if cs .. ':' .. cq ~= want and t - cts >= grace then
      if (cs == 'r' and s == 'h') or (cs == 'x' and (s == 'c' or s == 'h')) then
        -- Redis gave the tickets back and the ledger has not heard of it yet (its write failed):
        -- never resurrect the hold (M2); the job records the movement in the ledger instead.
        behind[#behind + 1] = id .. ':' .. cs .. ':' .. cq
      else
        redis.call('HSET', KEYS[3], id, want .. ':' .. t)
        note('hold ' .. id .. ' ' .. cs .. ':' .. cq .. '->' .. want)
      end
    end
  end
end
local all = redis.call('HGETALL', KEYS[3])
local held, sold = 0, 0
for j = 1, #all, 2 do
  local s, q, ts = parse(all[j + 1])
  if not in_ledger[all[j]] and (s == 'h' or s == 'c' or s == 'u') and t - ts >= grace then
    redis.call('HDEL', KEYS[3], all[j])
    note('hold ' .. all[j] .. ' ' .. s .. ':' .. q .. '->absent')
  elseif s == 'h' then held = held + q
  elseif s == 'c' then sold = sold + q
  end
end
local m = redis.call('HMGET', KEYS[2], 'held', 'sold')
if tonumber(m[1]) ~= held or tonumber(m[2]) ~= sold then
  note('totals held ' .. tostring(m[1]) .. '->' .. held .. ' sold ' .. tostring(m[2]) .. '->' .. sold)
  redis.call('HSET', KEYS[2], 'held', held, 'sold', sold)
end
local expected = tonumber(redis.call('HGET', KEYS[2], 'aforo')) - held - sold
local avail = tonumber(redis.call('GET', KEYS[1]))
if avail ~= expected then
  note('counter ' .. tostring(avail) .. '->' .. expected)
  redis.call('SET', KEYS[1], expected)
end
for _, b in ipairs(behind) do out[#out + 1] = 'behind ' .. b end
return out
`;
