import { FENCE_BY_EPOCH_LUA } from './leader-lease.lua';
import { openOperationLua } from './open-operation.lua';

/**
 * claimConnect: atomically reserve the ports of a batch of new cross-connects and open the operation.
 *
 * KEYS[1] desiredByNorth  KEYS[2] desiredBySouth  KEYS[3] pending  KEYS[4] operation
 *         KEYS[5] openOperations  KEYS[6] allOperations  KEYS[7] audit stream
 *         KEYS[8] leader lease (fencing: the operation's epoch must be the holder's)  KEYS[9] frozen flag
 *         KEYS[10] owners (the new circuits are `manual`: no entry, so any stale one is dropped)
 * ARGV[1] operation id  ARGV[2] operation JSON  ARGV[3] deadline (ms)  ARGV[4] created (ms)
 * ARGV[5] who asked (audit, I6)  ARGV[6..] north, south, north, south, ...
 *
 * Result: {0} on success; {1, north} north port already has a cross-connect;
 *         {2, south} south port already taken; {3, side, port} port held by an in-flight operation;
 *         {4, holderEpoch} the operation's epoch is not the current leader's (a deposed leader);
 *         {5} the fabric is frozen.
 * Nothing is written unless every pair is free (no half-applied batch). Invariant I1.
 */
export const CLAIM_CONNECT_LUA = `${FENCE_BY_EPOCH_LUA}
if redis.call('EXISTS', KEYS[9]) == 1 then return {5} end
for i = 6, #ARGV, 2 do
  local n, s = ARGV[i], ARGV[i + 1]
  if redis.call('HEXISTS', KEYS[1], n) == 1 then return {1, n} end
  if redis.call('HEXISTS', KEYS[2], s) == 1 then return {2, s} end
  if redis.call('HEXISTS', KEYS[3], 'n:' .. n) == 1 then return {3, 'north', n} end
  if redis.call('HEXISTS', KEYS[3], 's:' .. s) == 1 then return {3, 'south', s} end
end
for i = 6, #ARGV, 2 do
  local n, s = ARGV[i], ARGV[i + 1]
  redis.call('HSET', KEYS[1], n, s)
  redis.call('HSET', KEYS[2], s, n)
  redis.call('HSET', KEYS[3], 'n:' .. n, ARGV[1], 's:' .. s, ARGV[1])
  redis.call('HDEL', KEYS[10], n)
end
${openOperationLua('connect')}`;
