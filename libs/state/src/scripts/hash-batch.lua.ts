/**
 * Lua helpers that read and write many fields of one hash in a few calls rather than one
 * redis.call per field. A 1,000-OCS mesh claims, commits and releases 640,000 ports in one script;
 * at a call per field those scripts made about two million calls and held Redis for over 30 s on
 * a loaded machine, past the leader's lease (bench:scale, docs/benchmarks.md). Lists go in chunks
 * well under Lua's unpack limit (LUAI_MAXCSTACK, 8,000 in Redis' Lua 5.1).
 *
 * hmget_all(key, fields): the values in the order of `fields` (false where absent).
 * hset_all(key, flat): HSET of {field1, value1, field2, value2, ...}, in that order.
 * hdel_all(key, fields): HDEL of every field.
 */
export const HASH_BATCH_LUA = `
local HASH_BATCH = 4000
local function hmget_all(key, fields)
  local out = {}
  for i = 1, #fields, HASH_BATCH do
    local got = redis.call('HMGET', key, unpack(fields, i, math.min(i + HASH_BATCH - 1, #fields)))
    for j = 1, #got do out[#out + 1] = got[j] end
  end
  return out
end
local function hset_all(key, flat)
  for i = 1, #flat, HASH_BATCH do
    redis.call('HSET', key, unpack(flat, i, math.min(i + HASH_BATCH - 1, #flat)))
  end
end
local function hdel_all(key, fields)
  for i = 1, #fields, HASH_BATCH do
    redis.call('HDEL', key, unpack(fields, i, math.min(i + HASH_BATCH - 1, #fields)))
  end
end
`;
