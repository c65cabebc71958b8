/**
 * Epoch fencing (invariant I5), written once and composed into every script that writes on the
 * leader's behalf: the write goes through only while `epoch` is the epoch of the lease holder now,
 * so a deposed leader (paused, partitioned, or still believing it leads) changes nothing.
 *
 * fenceByEpoch(leaseKey, epoch): `leaseKey` is the Lua expression of the lease key (e.g. 'KEYS[1]'),
 * `epoch` the Lua expression of the writer's epoch (e.g. 'tonumber(ARGV[3])': passed on its own,
 * never decoded from an operation's JSON, which is megabytes for a large plan). Placed first in a
 * script, it returns before any write.
 *
 * Result on refusal: {4, holderEpoch} (holderEpoch 0 when no one holds the lease); the code is
 * mapped to NotLeaderError in state-errors.ts. Defines the Lua local `lease` (the lease JSON).
 */
export function fenceByEpoch(leaseKey: string, epoch: string): string {
  return `
local lease = redis.call('GET', ${leaseKey})
if not lease or cjson.decode(lease).epoch ~= ${epoch} then
  return {4, lease and cjson.decode(lease).epoch or 0}
end
`;
}

