import { fenceByEpoch } from './fence.lua';
import { APPLY_DESIRED_CHANGE_LUA } from './desired-change.lua';
import { HASH_BATCH_LUA } from './hash-batch.lua';

/**
 * The one ack path (docs/architecture.md, "Operations engine"): which switch's answer each open
 * operation awaits for its current step, and what each switch answered, held in Redis so that any
 * orchestrator replica that reads an ack can record it, exactly once, and a new leader finds every
 * step where the last one left it.
 *
 * Per operation: an "await" hash (switch id -> step token: "s<stage>[r].e<epoch>[.a<attempt>]") and
 * a "results" hash (switch id -> JSON SwitchResult). A result is accepted only for the token the
 * switch is awaited with, so a late ack of an earlier attempt, a duplicate ack, or an ack read by two
 * replicas changes nothing the second time.
 */

/**
 * awaitStep: start awaiting a step of an open operation on the given switches (results of the
 * step before are dropped).
 *
 * KEYS[1] await hash  KEYS[2] results hash  KEYS[3] open set  KEYS[4] leader lease
 * ARGV[1] operation id  ARGV[2] step token  ARGV[3] the leader's epoch  ARGV[4..] switch ids
 * Result: 1; 0 when the operation is closed; {4, epoch} when fenced (not the lease holder's epoch).
 */
export const AWAIT_STEP_LUA = `
${fenceByEpoch('KEYS[4]', 'tonumber(ARGV[3])')}
if redis.call('SISMEMBER', KEYS[3], ARGV[1]) == 0 then return 0 end
redis.call('DEL', KEYS[1], KEYS[2])
for i = 4, #ARGV do redis.call('HSET', KEYS[1], ARGV[i], ARGV[2]) end
return 1
`;

/**
 * settleAck: one switch's answer for several operations at once (the parts of one merged command):
 * for each operation, record the switch's result if the switch is awaited with that step.
 *
 * KEYS: per operation, its await hash and its results hash (2 keys each)
 * ARGV[1] switch id, then per operation: step token, result JSON
 * Result: per operation {accepted (0|1), remaining}, flattened, in the order given.
 */
export const SETTLE_ACK_LUA = `
local out = {}
for i = 1, #KEYS, 2 do
  local a = 2 + (i - 1)
  local accepted = 0
  if redis.call('HGET', KEYS[i], ARGV[1]) == ARGV[a] then
    redis.call('HDEL', KEYS[i], ARGV[1])
    redis.call('HSET', KEYS[i + 1], ARGV[1], ARGV[a + 1])
    accepted = 1
  end
  table.insert(out, accepted)
  table.insert(out, redis.call('HLEN', KEYS[i]))
end
return out
`;

/**
 * settleStep: record switches' results for the step they are awaited with.
 *
 * KEYS[1] await hash  KEYS[2] results hash
 * ARGV triples: switch id, step token, result JSON (an ack's part, or a timeout the leader decided)
 * Result: {accepted, remaining}: how many triples were recorded now (0: all were stale or already
 * recorded) and how many switches the step still awaits. The call that records the last one is the
 * only one that sees accepted > 0 with remaining 0: it settles the step.
 */
export const SETTLE_STEP_LUA = `
local accepted = 0
for i = 1, #ARGV, 3 do
  if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[i + 1] then
    redis.call('HDEL', KEYS[1], ARGV[i])
    redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 2])
    accepted = accepted + 1
  end
end
return {accepted, redis.call('HLEN', KEYS[1])}
`;

/**
 * finishOperation: close an open operation exactly once: apply its last stage's effect to the
 * desired state (removals, additions with their owner codes), release every port it holds, drop
 * its step keys and save its final record. Not fenced: what it commits is what the switches
 * acknowledged, whoever reads the ack (a follower closes single-switch operations too), and the
 * open set makes it happen once.
 *
 * KEYS[1] operation  KEYS[2] open set  KEYS[3] await hash  KEYS[4] results hash
 * KEYS[5..] four keys per switch: desired by north, by south, owners, pending
 * ARGV[1] operation id  ARGV[2] final JSON  ARGV[3] switch count, then per switch: removal count r,
 * addition count a, port count p, r pairs (north, south), a triples (north, south, owner code;
 * '' = manual = no entry), p ports ("n:5") to release where this operation holds them.
 * Result: 1 when closed now, 0 when it was already closed (nothing changed).
 */
export const FINISH_OPERATION_LUA = `${HASH_BATCH_LUA}
if redis.call('SREM', KEYS[2], ARGV[1]) == 0 then return 0 end
local a = 4
for sw = 1, tonumber(ARGV[3]) do
  local wn, ws, own, pend = KEYS[1 + sw * 4], KEYS[2 + sw * 4], KEYS[3 + sw * 4], KEYS[4 + sw * 4]
  local r, n_add, p = tonumber(ARGV[a]), tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2])
  a = a + 3
${APPLY_DESIRED_CHANGE_LUA}  local ports = {}
  for i = 1, p do
    ports[i] = ARGV[a]
    a = a + 1
  end
  local holders = hmget_all(pend, ports)
  local mine = {}
  for i = 1, p do
    if holders[i] == ARGV[1] then mine[#mine + 1] = ports[i] end
  end
  hdel_all(pend, mine)
end
redis.call('DEL', KEYS[3], KEYS[4])
redis.call('SET', KEYS[1], ARGV[2])
return 1
`;
