/**
 * finishOperation: close an open operation exactly once, releasing its ports and rolling back the
 * desired state of the pairs that did not take effect.
 *
 * KEYS[1] desiredByNorth  KEYS[2] desiredBySouth  KEYS[3] pending  KEYS[4] operation  KEYS[5] openOperations
 * KEYS[6] owners: a removed circuit's owner goes with it; one put back keeps its owner (never dropped).
 * ARGV[1] operation id  ARGV[2] final operation JSON  ARGV[3] kind ('connect' | 'disconnect')
 * ARGV[4] count of pairs to roll back, then those pairs (north, south, ...), then every pair of the
 *         operation (north, south, ...) whose ports are released.
 *
 * Result: 1 when this call closed the operation; 0 when it was already closed (a late ack after the
 * timeout, or a retried ack): the caller then changes nothing.
 */
export const FINISH_OPERATION_LUA = `
if redis.call('ZREM', KEYS[5], ARGV[1]) == 0 then return 0 end
local rollback = tonumber(ARGV[4])
for i = 5, 4 + rollback * 2, 2 do
  local n, s = ARGV[i], ARGV[i + 1]
  if ARGV[3] == 'connect' then
    redis.call('HDEL', KEYS[1], n)
    redis.call('HDEL', KEYS[2], s)
  else
    redis.call('HSET', KEYS[1], n, s)
    redis.call('HSET', KEYS[2], s, n)
  end
end
for i = 5 + rollback * 2, #ARGV, 2 do
  local n, s = ARGV[i], ARGV[i + 1]
  if redis.call('HGET', KEYS[3], 'n:' .. n) == ARGV[1] then
    if ARGV[3] == 'disconnect' and redis.call('HGET', KEYS[1], n) ~= s then redis.call('HDEL', KEYS[6], n) end
    redis.call('HDEL', KEYS[3], 'n:' .. n)
  end
  if redis.call('HGET', KEYS[3], 's:' .. s) == ARGV[1] then redis.call('HDEL', KEYS[3], 's:' .. s) end
end
redis.call('SET', KEYS[4], ARGV[2])
return 1
`;
