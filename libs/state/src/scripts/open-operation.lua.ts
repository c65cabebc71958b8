/**
 * The common end of claimConnect and claimDisconnect, once every check passed: store the operation,
 * index it as open (by deadline) and in the full list (by creation), and append its audit entry in
 * the same script, so accepted means audited (I6). Same KEYS and ARGV as those scripts:
 * KEYS[4] operation  KEYS[5] openOperations  KEYS[6] allOperations  KEYS[7] audit stream
 * ARGV[1] operation id  ARGV[2] operation JSON  ARGV[3] deadline  ARGV[4] created  ARGV[5] who
 */
export const openOperationLua = (action: 'connect' | 'disconnect') => `
redis.call('SET', KEYS[4], ARGV[2])
redis.call('ZADD', KEYS[5], ARGV[3], ARGV[1])
redis.call('ZADD', KEYS[6], ARGV[4], ARGV[1])
redis.call('XADD', KEYS[7], 'MAXLEN', '~', 1000000, '*', 'who', ARGV[5], 'action', '${action}', 'target', cjson.decode(ARGV[2]).switchId,
  'operationId', ARGV[1], 'outcome', 'accepted', 'at', ARGV[4])
return {0}
`;
