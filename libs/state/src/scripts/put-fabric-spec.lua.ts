/**
 * putFabricSpec: replace the fabric spec, bump its version and write the audit entry, atomically:
 * a reader never sees a new spec under an old version, and an accepted replacement is always
 * audited (I6).
 *
 * KEYS[1] fabricSpec hash  KEYS[2] audit stream
 * ARGV[1] spec JSON  ARGV[2] storedAt (ms)  ARGV[3] storedBy (audit who)  ARGV[4] audit stream max length
 *
 * Result: the new version (1 for the first spec of the fabric).
 */
export const PUT_FABRIC_SPEC_LUA = `
local version = redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('HSET', KEYS[1], 'spec', ARGV[1], 'storedAt', ARGV[2], 'storedBy', ARGV[3])
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '*', 'who', ARGV[3], 'action', 'replace-fabric-spec', 'target', 'fabric',
  'outcome', 'accepted', 'detail', 'version ' .. version, 'at', ARGV[2])
return version
`;
