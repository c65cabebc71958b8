/**
 * acquireLeadership: take or renew the fabric's leader lease.
 *
 * KEYS[1] leader lease  KEYS[2] epoch counter
 * ARGV[1] candidate id  ARGV[2] lease ttl (ms)  ARGV[3] candidate's API URL
 *
 * Result: {epoch, holderId, holderUrl, ttlMs}. When the lease is free the candidate takes it with
 * a new epoch (INCR: every leadership term has a higher one than all before, invariant I5); when
 * the candidate already holds it, the lease is renewed and the epoch kept; otherwise nothing
 * changes and the current holder is returned. ttlMs is what is left of the lease as Redis sees it
 * now (PTTL; the full TTL after a take or renewal): a follower sleeps exactly that long before its
 * next attempt, so it is woken by the lease's expiry instead of polling (config/lease-timing.ts).
 */
export const ACQUIRE_LEADERSHIP_LUA = `
local current = redis.call('GET', KEYS[1])
if current then
  local holder = cjson.decode(current)
  if holder.id == ARGV[1] then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return {holder.epoch, holder.id, holder.url, tonumber(ARGV[2])}
  end
  return {holder.epoch, holder.id, holder.url, redis.call('PTTL', KEYS[1])}
end
local epoch = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], cjson.encode({id = ARGV[1], epoch = epoch, url = ARGV[3]}), 'PX', ARGV[2])
return {epoch, ARGV[1], ARGV[3], tonumber(ARGV[2])}
`;

/**
 * raiseEpoch: keep the fencing epoch above every epoch an agent has accepted, even after Redis lost
 * its counter (a reset, a restore from an old backup). Agents report the highest epoch they have
 * seen; a counter below it would make every command of the current term look stale to them.
 *
 * KEYS[1] leader lease  KEYS[2] epoch counter
 * ARGV[1] highest epoch an agent reports
 *
 * Result: {epoch, holderId, holderUrl} of the lease afterwards ({0, '', ''} without a holder).
 * The counter becomes at least ARGV[1]. When the holder's epoch is below it, the holder gets a
 * new term at once (INCR: above the reported epoch and every earlier term), same holder, same
 * expiry: its writes under the old epoch are fenced from now on, and it stamps the new one after its
 * next renewal. An epoch never goes down, so a deposed leader stays refused (invariant I5).
 */
export const RAISE_EPOCH_LUA = `
local seen = tonumber(ARGV[1])
local counter = tonumber(redis.call('GET', KEYS[2]) or '0')
if counter < seen then
  redis.call('SET', KEYS[2], seen)
end
local current = redis.call('GET', KEYS[1])
if not current then
  return {0, '', ''}
end
local holder = cjson.decode(current)
if holder.epoch < seen then
  holder.epoch = redis.call('INCR', KEYS[2])
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl < 1 then ttl = 1 end
  redis.call('SET', KEYS[1], cjson.encode(holder), 'PX', ttl)
end
return {holder.epoch, holder.id, holder.url}
`;

/**
 * releaseLeadership: give the lease up at a clean shutdown so a follower takes over at once
 * instead of waiting for the lease to expire.
 * KEYS[1] leader lease  ARGV[1] holder id  ARGV[2] release channel (pub/sub)
 * Result: 1 when released, 0 when not held by that id.
 * The release is published (the holder's id) in the same script, so no follower can miss it
 * between the DEL and a publish that never comes; followers subscribed to the channel try at once.
 * PUBLISH takes no key, so the script stays within the fabric's hash slot in Redis Cluster.
 */
export const RELEASE_LEADERSHIP_LUA = `
local current = redis.call('GET', KEYS[1])
if current and cjson.decode(current).id == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('PUBLISH', ARGV[2], ARGV[1])
  return 1
end
return 0
`;
