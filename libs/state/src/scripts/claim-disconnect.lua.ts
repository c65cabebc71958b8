import { FENCE_BY_EPOCH_LUA } from './leader-lease.lua';
import { openOperationLua } from './open-operation.lua';

/**
 * claimDisconnect: atomically mark a batch of cross-connects for removal and open the operation.
 * The desired state drops them now; finishOperation puts back any the switch failed to remove.
 *
 * KEYS[1] desiredByNorth  KEYS[2] desiredBySouth  KEYS[3] pending  KEYS[4] operation
 *         KEYS[5] openOperations  KEYS[6] allOperations  KEYS[7] audit stream
 *         KEYS[8] leader lease (fencing: the operation's epoch must be the holder's)  KEYS[9] frozen flag
 *         KEYS[10] owners (read only: the entry goes when finishOperation sees the circuit gone)
 * ARGV[1] operation id  ARGV[2] operation JSON  ARGV[3] deadline  ARGV[4] created
 * ARGV[5] who asked (audit, I6)  ARGV[6..] north, south, ... as the caller read them from the desired state
 *
 * Result: {0}; {1, north} that north port has no cross-connect (or another one than the caller read:
 *         it changed in between, so the caller re-reads); {3, 'north', n} held by an in-flight operation;
 *         {4, holderEpoch} the operation's epoch is not the current leader's (a deposed leader);
 *         {5} the fabric is frozen; {6, north, owner code} the circuit belongs to a reservation, whose
 *         circuits go only with the reservation (release it, or preempt it).
 */
export const CLAIM_DISCONNECT_LUA = `${FENCE_BY_EPOCH_LUA}
if redis.call('EXISTS', KEYS[9]) == 1 then return {5} end
for i = 6, #ARGV, 2 do
  local n, s = ARGV[i], ARGV[i + 1]
  if redis.call('HGET', KEYS[1], n) ~= s then return {1, n} end
  if redis.call('HEXISTS', KEYS[3], 'n:' .. n) == 1 then return {3, 'north', n} end
  local owner = redis.call('HGET', KEYS[10], n)
  if owner and string.sub(owner, 1, 2) == 'r:' then return {6, n, owner} end
end
for i = 6, #ARGV, 2 do
  local n, s = ARGV[i], ARGV[i + 1]
  redis.call('HDEL', KEYS[1], n)
  redis.call('HDEL', KEYS[2], s)
  redis.call('HSET', KEYS[3], 'n:' .. n, ARGV[1], 's:' .. s, ARGV[1])
end
${openOperationLua('disconnect')}`;
