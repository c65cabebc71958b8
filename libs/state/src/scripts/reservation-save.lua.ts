/**
 * saveReservation: a reservation's new record and its place in the expiry index together, so the
 * sweeper never sees a renewed lease under its old expiry (or an ended one still due).
 *
 * KEYS[1] reservation record  KEYS[2] expiry (zset)
 * ARGV[1] id  ARGV[2] record JSON  ARGV[3] next due time (ms), '' to leave the expiry index
 *
 * Result: 1 saved; 0 the record is gone, nothing written.
 */
export const SAVE_RESERVATION_LUA = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
if ARGV[3] == '' then redis.call('ZREM', KEYS[2], ARGV[1]) else redis.call('ZADD', KEYS[2], tonumber(ARGV[3]), ARGV[1]) end
return 1
`;
