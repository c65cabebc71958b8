import { MAY_DISPLACE_LUA } from '../circuit-owner-codes';
import { fenceByEpoch } from './fence.lua';
import { APPLY_DESIRED_CHANGE_LUA } from './desired-change.lua';
import { HASH_BATCH_LUA } from './hash-batch.lua';

/**
 * Lua scripts of staged (multi-switch) operations. Every switch's keys share the fabric's hash tag,
 * so one script may touch all of them atomically, even on Redis Cluster.
 *
 * Switch sections in ARGV: for each switch, its removal count r and addition count a, then r pairs
 * (north, south; claimPlan: triples north, south, the owner code the plan saw or '*'), then a pairs
 * (commitStage: triples north, south, owner code). The switch's keys
 * come in KEYS in the same order after the fixed keys: desired by north, desired by south, then
 * pending (claimPlan) and the owners hash.
 */

/**
 * claimPlan: reserve every port a whole plan touches, on every switch, or nothing at all.
 *
 * KEYS[1] leader lease  KEYS[2] frozen flag  KEYS[3] operation  KEYS[4] open set  KEYS[5] all (zset)
 * KEYS[6] audit stream  KEYS[7..] four keys per switch (desired by north, by south, pending, owners),
 * then last (KEYS[#KEYS]) the list index of the operation's scope (its tenant's, or fabric work's),
 * scored by creation time like the all-index
 * ARGV[1] operation id  ARGV[2] operation JSON  ARGV[3] created  ARGV[4] who
 * ARGV[5] action  ARGV[6] target  ARGV[7] the operation's owner code  ARGV[8] its displace policy
 * (none | topologies | others | any)  ARGV[9] mode: 'change' (the plan changes the desired state) or
 * 'converge' (a repair making the switch match the desired state: its removals are circuits the
 * desired state does not hold and its additions circuits it does)  ARGV[10] switch count
 * ARGV[11] the operation's epoch (fenced), then the switch sections
 *
 * Result: {0}; {1, switch#, north} a removal the desired state does not hold; {2, switch#, side, port}
 * an addition on a port with another cross-connect; {3, switch#, side, port} a port another operation
 * holds; {4, epoch} fenced (not the leader's epoch); {5} the fabric is frozen; {6, switch#, north,
 * owner code} a removal of another owner's circuit the policy does not allow (the owner changed
 * since the plan, or the caller may not displace it); {7, switch#, north, owner code} a removal of
 * a circuit whose owner is no longer the one the plan saw (a repair would give the moved circuit
 * the wrong owner: plan again).
 */
export const CLAIM_PLAN_LUA = `${MAY_DISPLACE_LUA}${HASH_BATCH_LUA}
${fenceByEpoch('KEYS[1]', 'tonumber(ARGV[11])')}
if redis.call('EXISTS', KEYS[2]) == 1 then return {5} end
local converge = ARGV[9] == 'converge'
local a = 12
local sections = {}
for sw = 1, tonumber(ARGV[10]) do
  local wn, ws, pend, own = KEYS[3 + sw * 4], KEYS[4 + sw * 4], KEYS[5 + sw * 4], KEYS[6 + sw * 4]
  local r, n_add = tonumber(ARGV[a]), tonumber(ARGV[a + 1])
  a = a + 2
  -- The section's pairs, then everything they ask of the switch's hashes in a few HMGETs; the
  -- checks below run in the order one HGET per pair made them, so a refusal names the same port.
  local rn, rs, re, an, as = {}, {}, {}, {}, {}
  for i = 1, r do
    rn[i], rs[i], re[i] = ARGV[a], ARGV[a + 1], ARGV[a + 2]
    a = a + 3
  end
  for i = 1, n_add do
    an[i], as[i] = ARGV[a], ARGV[a + 1]
    a = a + 2
  end
  local removed_held = hmget_all(wn, rn)
  local removed_owner = converge and {} or hmget_all(own, rn)
  local added_n = hmget_all(wn, an)
  local added_s = converge and {} or hmget_all(ws, as)
  local freedN, freedS, ports = {}, {}, {}
  for i = 1, r do
    local n, s = rn[i], rs[i]
    if converge then
      if removed_held[i] == s then return {1, sw, n} end
    else
      if removed_held[i] ~= s then return {1, sw, n} end
      if not may_displace(ARGV[8], ARGV[7], removed_owner[i] or '') then return {6, sw, n, removed_owner[i] or ''} end
      if re[i] ~= '*' and re[i] ~= (removed_owner[i] or '') then return {7, sw, n, removed_owner[i] or ''} end
    end
    freedN[n] = true
    freedS[s] = true
    ports[#ports + 1] = 'n:' .. n
    ports[#ports + 1] = 's:' .. s
  end
  for i = 1, n_add do
    local n, s = an[i], as[i]
    if converge then
      if added_n[i] ~= s then return {2, sw, 'north', n} end
    else
      if not freedN[n] and added_n[i] then return {2, sw, 'north', n} end
      if not freedS[s] and added_s[i] then return {2, sw, 'south', s} end
    end
    ports[#ports + 1] = 'n:' .. n
    ports[#ports + 1] = 's:' .. s
  end
  local holders = hmget_all(pend, ports)
  for i, p in ipairs(ports) do
    if holders[i] and holders[i] ~= ARGV[1] then return {3, sw, p} end
  end
  sections[sw] = ports
end
for sw, ports in pairs(sections) do
  local held = {}
  for _, p in ipairs(ports) do
    held[#held + 1] = p
    held[#held + 1] = ARGV[1]
  end
  hset_all(KEYS[5 + sw * 4], held)
end
redis.call('SET', KEYS[3], ARGV[2])
redis.call('SADD', KEYS[4], ARGV[1])
redis.call('ZADD', KEYS[5], ARGV[3], ARGV[1])
redis.call('ZADD', KEYS[#KEYS], ARGV[3], ARGV[1])
redis.call('XADD', KEYS[6], 'MAXLEN', '~', 1000000, '*', 'who', ARGV[4], 'action', ARGV[5], 'target', ARGV[6],
  'operationId', ARGV[1], 'outcome', 'accepted', 'at', ARGV[3])
return {0}
`;

/**
 * commitStage: a stage took effect on every switch: apply its removals and additions to the desired
 * state with their owners (a removed circuit's owner goes with it, an added one gets the code it
 * comes with, '' = manual = no entry), and save the operation's progress, in one step.
 *
 * KEYS[1] leader lease  KEYS[2] operation  KEYS[3..] three keys per switch (desired by north, by south, owners)
 * ARGV[1] operation JSON  ARGV[2] its epoch (fenced)  ARGV[3] switch count, then the switch sections
 * (additions as triples north, south, owner code)
 * Result: 1, or {4, epoch} when fenced.
 */
export const COMMIT_STAGE_LUA = `${HASH_BATCH_LUA}
${fenceByEpoch('KEYS[1]', 'tonumber(ARGV[2])')}
local a = 4
for sw = 1, tonumber(ARGV[3]) do
  local wn, ws, own = KEYS[sw * 3], KEYS[1 + sw * 3], KEYS[2 + sw * 3]
  local r, n_add = tonumber(ARGV[a]), tonumber(ARGV[a + 1])
  a = a + 2
${APPLY_DESIRED_CHANGE_LUA}end
redis.call('SET', KEYS[2], ARGV[1])
return 1
`;

/**
 * saveOpenPlan: save progress of a staged operation that is still open, fenced by epoch (a deposed
 * leader must not overwrite what the new one records). KEYS[1] leader  KEYS[2] operation  KEYS[3]
 * open set. ARGV[1] operation id  ARGV[2] JSON  ARGV[3] its epoch. Result: 1 saved; 0 closed; {4,
 * epoch} fenced.
 */
export const SAVE_OPEN_PLAN_LUA = `
${fenceByEpoch('KEYS[1]', 'tonumber(ARGV[3])')}
if redis.call('SISMEMBER', KEYS[3], ARGV[1]) == 0 then return 0 end
redis.call('SET', KEYS[2], ARGV[2])
return 1
`;
