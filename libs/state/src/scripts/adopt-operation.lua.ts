/**
 * adoptOperation: a new leader takes over an operation its predecessor left open, re-stamping it
 * with the new epoch, command id and deadline, only if it is still open (an ack may have closed it
 * meanwhile, processed by any replica) and only if the adopter holds the lease with that epoch.
 *
 * KEYS[1] operation  KEYS[2] openOperations  KEYS[3] leader lease
 * ARGV[1] operation id  ARGV[2] operation JSON (new epoch, commandId, deadline)  ARGV[3] new deadline
 * Result: 1 adopted; 0 already closed; -1 the adopter's epoch is not the lease holder's.
 */
export const ADOPT_OPERATION_LUA = `
if not redis.call('ZSCORE', KEYS[2], ARGV[1]) then return 0 end
local lease = redis.call('GET', KEYS[3])
if not lease or cjson.decode(lease).epoch ~= cjson.decode(ARGV[2]).epoch then return -1 end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return 1
`;
