/**
 * saveTopology: keep a named topology's last plan, unless the name holds another scope's topology.
 * Names are chosen by callers, so two tenants may pick the same one: without this check one
 * tenant's plan would silently replace another's (and with it what the name is known to own).
 *
 * KEYS[1] topologies hash (name -> JSON)  KEYS[2] topology scopes hash (name -> tenant, '' for fabric work)
 * ARGV[1] name  ARGV[2] topology JSON  ARGV[3] its tenant ('' for fabric work)
 * ARGV[4] '1' when the caller may replace any scope's topology (operators), else '0'
 *
 * Result: 1 saved; 0 the name holds another scope's topology (nothing written).
 */
export const SAVE_TOPOLOGY_LUA = `
local held = redis.call('HGET', KEYS[2], ARGV[1])
-- A topology stored before topologies had a scope is fabric work.
if not held and redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then held = '' end
if held and held ~= ARGV[3] and ARGV[4] ~= '1' then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
return 1
`;
