/**
 * The waiting room's scripts. Every key of one room shares the hash tag {evento:<id>}, and every
 * script declares all the keys it touches, in this order:
 * KEYS[1] room (hash: seq, admitted, rate, window, last, credit), KEYS[2] fans (usuario → turno),
 * KEYS[3] turns (turno → "usuario|number|token"), KEYS[4] tokens (token → turno),
 * KEYS[5] spent (turno → reserva_id), KEYS[6] batches (zset: admitted-up-to → "upTo:ms").
 */
const PRELUDE = `
local function admitted_at(n)
  local batch = redis.call('ZRANGEBYSCORE', KEYS[6], n, '+inf', 'LIMIT', 0, 1)
  if #batch == 0 then return nil end
  return tonumber(string.match(batch[1], ':(%d+)$'))
end
local function parse(turn)
  local usuario, n, token = string.match(turn, '^([^|]*)|(%d+)|(.*)$')
  return usuario, tonumber(n), token
end
-- A turn as the store reads it: nil, or {usuario, number, token, admitted, admitted at ms or -1, spent by or '', rate, window}.
local function turn_reply(turno)
  local turn = redis.call('HGET', KEYS[3], turno)
  if not turn then return nil end
  local usuario, n, token = parse(turn)
  local room = redis.call('HMGET', KEYS[1], 'admitted', 'rate', 'window')
  local admitted = tonumber(room[1] or '0')
  local at = -1
  if n <= admitted then at = admitted_at(n) or -1 end
  return {usuario, n, token, admitted, at, redis.call('HGET', KEYS[5], turno) or '', room[2] or '1', room[3] or '0'}
end
`;

/** ARGV: usuario, new turno_id, new token, rate, window ms, now ms, keep ms → {turno_id, 1 if new, the turn (see turn_reply)}. */
export const JOIN_LUA = `${PRELUDE}
redis.call('HSET', KEYS[1], 'rate', ARGV[4], 'window', ARGV[5])
local existing = redis.call('HGET', KEYS[2], ARGV[1])
if existing then
  local turn = redis.call('HGET', KEYS[3], existing)
  if turn then
    local _, n = parse(turn)
    local admitted = tonumber(redis.call('HGET', KEYS[1], 'admitted') or '0')
    local at = nil
    if n <= admitted then at = admitted_at(n) end
    -- Joining twice is the same turn, unless that turn was admitted and its window is over.
    if at == nil or tonumber(ARGV[6]) < at + tonumber(ARGV[5]) then return {existing, 0, turn_reply(existing)} end
  end
end
local n = redis.call('HINCRBY', KEYS[1], 'seq', 1)
-- Admission credit accrues from the first arrival on.
if n == 1 then redis.call('HSET', KEYS[1], 'last', ARGV[6], 'credit', '0') end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[3], ARGV[2], ARGV[1] .. '|' .. n .. '|' .. ARGV[3])
redis.call('HSET', KEYS[4], ARGV[3], ARGV[2])
for i = 1, 6 do redis.call('PEXPIRE', KEYS[i], ARGV[7]) end
return {ARGV[2], 1, turn_reply(ARGV[2])}
`;

/** ARGV: turno_id → the turn (see turn_reply). */
export const TURN_LUA = `${PRELUDE}
return turn_reply(ARGV[1])
`;

/**
 * The admitter's tick: admits floor(credit) fans, credit growing at `rate` per minute and kept
 * below 1 while nobody waits (no burst after a quiet spell). ARGV: now ms, keep ms, and the
 * event's current rate and window ms when known ('' keeps the room's) → how many were admitted,
 * -1 when the room no longer exists.
 */
export const ADMIT_LUA = `${PRELUDE}
local r = redis.call('HMGET', KEYS[1], 'seq', 'admitted', 'rate', 'last', 'credit')
if not r[3] or not r[4] then return -1 end
-- The organizer's change of rate reaches the room here, not only with the next arrival.
if ARGV[3] ~= '' then
  redis.call('HSET', KEYS[1], 'rate', ARGV[3], 'window', ARGV[4])
  r[3] = ARGV[3]
end
local seq = tonumber(r[1] or '0')
local admitted = tonumber(r[2] or '0')
local now = tonumber(ARGV[1])
local credit = tonumber(r[5] or '0') + math.max(0, now - tonumber(r[4])) * tonumber(r[3]) / 60000
local due = math.min(math.floor(credit), seq - admitted)
credit = math.min(credit - due, 1)
redis.call('HSET', KEYS[1], 'last', now, 'credit', tostring(credit))
if due > 0 then
  admitted = redis.call('HINCRBY', KEYS[1], 'admitted', due)
  redis.call('ZADD', KEYS[6], admitted, admitted .. ':' .. now)
  redis.call('PEXPIRE', KEYS[6], ARGV[2])
end
return due
`;

/**
 * ARGV: token, usuario, reserva_id, now ms, keep ms, and optionally the reservation whose spend this
 * one takes over (it bought nothing) → OK|UNKNOWN|OTHER_FAN|WAITING|EXPIRED|SPENT:<the spender>.
 */
export const SPEND_LUA = `${PRELUDE}
local turno = redis.call('HGET', KEYS[4], ARGV[1])
if not turno then return 'UNKNOWN' end
local turn = redis.call('HGET', KEYS[3], turno)
if not turn then return 'UNKNOWN' end
local usuario, n = parse(turn)
if usuario ~= ARGV[2] then return 'OTHER_FAN' end
local room = redis.call('HMGET', KEYS[1], 'admitted', 'window')
if n > tonumber(room[1] or '0') then return 'WAITING' end
local at = admitted_at(n)
if not at or tonumber(ARGV[4]) >= at + tonumber(room[2] or '0') then return 'EXPIRED' end
local spent = redis.call('HGET', KEYS[5], turno)
if spent and spent ~= ARGV[3] and spent ~= ARGV[6] then return 'SPENT:' .. spent end
redis.call('HSET', KEYS[5], turno, ARGV[3])
if redis.call('PTTL', KEYS[5]) < 0 then redis.call('PEXPIRE', KEYS[5], ARGV[5]) end
return 'OK'
`;

/** ARGV: token, reserva_id → 1 when the token is good again. */
export const GIVE_BACK_LUA = `${PRELUDE}
local turno = redis.call('HGET', KEYS[4], ARGV[1])
if turno and redis.call('HGET', KEYS[5], turno) == ARGV[2] then
  redis.call('HDEL', KEYS[5], turno)
  return 1
end
return 0
`;
