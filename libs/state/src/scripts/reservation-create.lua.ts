/**
 * createReservation: a new reservation's record, its holds, its idempotency key and its index
 * entries, all or nothing. Two launchers placing at once may plan the same free cube; the holds
 * check here is what keeps I4 (no shared cube or port) true, and the idempotency key set in the same
 * script is what makes a retried create never reserve twice.
 *
 * KEYS[1] reservation record  KEYS[2] holds hash  KEYS[3] idempotency key  KEYS[4] all (zset)
 * KEYS[5] expiry (zset)       KEYS[6] queue (zset)  KEYS[7] the reservation's tenant's index (zset, like all)
 * ARGV[1] id  ARGV[2] record JSON  ARGV[3] idempotency value  ARGV[4] idempotency TTL (s)
 * ARGV[5] createdAt (ms)  ARGV[6] expiresAt (ms)  ARGV[7] queue score ('' when not queued)
 * ARGV[8..] hold fields ("cube:<id>", "port:<switch>:<n|s>:<port>")
 *
 * Result: {0} created; {1, value} the idempotency key already names a reservation (value is
 * "<id> <body hash>"), nothing written; {2, field, holder} a hold is taken, nothing written.
 */
export const CREATE_RESERVATION_LUA = `
local seen = redis.call('GET', KEYS[3])
if seen then return {1, seen} end
for i = 8, #ARGV do
  local holder = redis.call('HGET', KEYS[2], ARGV[i])
  if holder and holder ~= ARGV[1] then return {2, ARGV[i], holder} end
end
for i = 8, #ARGV do redis.call('HSET', KEYS[2], ARGV[i], ARGV[1]) end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('SET', KEYS[3], ARGV[3], 'EX', tonumber(ARGV[4]))
redis.call('ZADD', KEYS[4], tonumber(ARGV[5]), ARGV[1])
redis.call('ZADD', KEYS[7], tonumber(ARGV[5]), ARGV[1])
redis.call('ZADD', KEYS[5], tonumber(ARGV[6]), ARGV[1])
if ARGV[7] ~= '' then redis.call('ZADD', KEYS[6], tonumber(ARGV[7]), ARGV[1]) end
return {0}
`;
