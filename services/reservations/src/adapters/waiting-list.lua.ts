/**
 * The waiting list's scripts. KEYS[1] fans (zset: usuario → arrival number), KEYS[2] quantities
 * (hash: usuario → cantidad, plus `_seq`), KEYS[3] offers (hash: usuario → "reserva_id|cantidad|expires ms");
 * all three share the hash tag {evento:<id>}.
 */
const PRELUDE = `
local function parse(offer)
  local id, qty, expires = string.match(offer, '^([^|]*)|(%d+)|(%d+)$')
  return id, tonumber(qty), tonumber(expires)
end
`;

/** ARGV: usuario, cantidad, keep ms → {posicion, cantidad, offer or ''}. */
export const JOIN_LIST_LUA = `${PRELUDE}
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  local n = redis.call('HINCRBY', KEYS[2], '_seq', 1)
  redis.call('ZADD', KEYS[1], n, ARGV[1])
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
end
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[3]) end
return {redis.call('ZRANK', KEYS[1], ARGV[1]) + 1, tonumber(redis.call('HGET', KEYS[2], ARGV[1])), redis.call('HGET', KEYS[3], ARGV[1]) or ''}
`;

/** ARGV: usuario → nil, or {posicion, cantidad, offer or ''}. */
export const ENTRY_LUA = `${PRELUDE}
local rank = redis.call('ZRANK', KEYS[1], ARGV[1])
if not rank then return nil end
return {rank + 1, tonumber(redis.call('HGET', KEYS[2], ARGV[1])), redis.call('HGET', KEYS[3], ARGV[1]) or ''}
`;

/** ARGV: usuario → {1 if it was on the list, offer or ''}. */
export const LEAVE_LUA = `${PRELUDE}
local offer = redis.call('HGET', KEYS[3], ARGV[1]) or ''
local removed = redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
return {removed, offer}
`;

/** ARGV: available → nil, or {usuario, cantidad}: the first fan without an offer whose quantity fits. */
export const NEXT_LUA = `${PRELUDE}
local available = tonumber(ARGV[1])
for _, usuario in ipairs(redis.call('ZRANGE', KEYS[1], 0, 999)) do
  if redis.call('HEXISTS', KEYS[3], usuario) == 0 then
    local qty = tonumber(redis.call('HGET', KEYS[2], usuario) or '0')
    if qty > 0 and qty <= available then return {usuario, qty} end
  end
end
return nil
`;

/** ARGV: usuario, offer → 1, or 0 when the fan is no longer on the list. */
export const OFFER_LUA = `${PRELUDE}
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
return 1
`;

/** ARGV: now ms → the expired offers ("reserva_id|cantidad|expires"), each removed with its fan. */
export const EXPIRE_LUA = `${PRELUDE}
local expired = {}
local all = redis.call('HGETALL', KEYS[3])
for i = 1, #all, 2 do
  local _, _, expires = parse(all[i + 1])
  if expires <= tonumber(ARGV[1]) then
    table.insert(expired, all[i + 1])
    redis.call('HDEL', KEYS[3], all[i])
    redis.call('ZREM', KEYS[1], all[i])
    redis.call('HDEL', KEYS[2], all[i])
  end
end
return expired
`;

/** ARGV: usuario, cantidad, now ms → {1, reserva_id} (the offer is taken, the fan leaves the list) or {0, fans waiting}. */
export const CLAIM_LUA = `${PRELUDE}
local offer = redis.call('HGET', KEYS[3], ARGV[1])
if offer then
  local id, qty, expires = parse(offer)
  if qty == tonumber(ARGV[2]) and expires > tonumber(ARGV[3]) then
    redis.call('HDEL', KEYS[3], ARGV[1])
    redis.call('ZREM', KEYS[1], ARGV[1])
    redis.call('HDEL', KEYS[2], ARGV[1])
    return {1, id}
  end
end
return {0, redis.call('ZCARD', KEYS[1])}
`;
