/**
 * endReservation: a reservation whose circuits are gone (released, expired, preempted) or never
 * came up (failed) gives back its holds and leaves the expiry index and the queue. Only holds this
 * reservation owns are freed: a field another reservation took since is left alone.
 *
 * KEYS[1] reservation record  KEYS[2] holds hash  KEYS[3] expiry (zset)  KEYS[4] queue (zset)
 * ARGV[1] id  ARGV[2] final record JSON  ARGV[3..] hold fields
 *
 * Result: the number of holds freed, or -1 when the record is gone (nothing written).
 */
export const END_RESERVATION_LUA = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local freed = 0
for i = 3, #ARGV do
  if redis.call('HGET', KEYS[2], ARGV[i]) == ARGV[1] then
    redis.call('HDEL', KEYS[2], ARGV[i])
    freed = freed + 1
  end
end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
return freed
`;
