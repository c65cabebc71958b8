/**
 * holdReservation: a queued reservation that now fits takes its holds and leaves the queue, or
 * nothing happens (same I4 check as createReservation).
 *
 * KEYS[1] reservation record  KEYS[2] holds hash  KEYS[3] queue (zset)
 * ARGV[1] id  ARGV[2] record JSON  ARGV[3..] hold fields
 *
 * Result: {0} held; {2, field, holder} a hold is taken by another reservation, nothing written;
 * {3} the record is gone, nothing written.
 */
export const HOLD_RESERVATION_LUA = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {3} end
for i = 3, #ARGV do
  local holder = redis.call('HGET', KEYS[2], ARGV[i])
  if holder and holder ~= ARGV[1] then return {2, ARGV[i], holder} end
end
for i = 3, #ARGV do redis.call('HSET', KEYS[2], ARGV[i], ARGV[1]) end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('ZREM', KEYS[3], ARGV[1])
return {0}
`;
