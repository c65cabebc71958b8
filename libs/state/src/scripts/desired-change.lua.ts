/**
 * Applies one switch's committed change to the desired state, written once for commitStage and
 * finishOperation. Expects Lua locals `wn`, `ws`, `own` (the switch's desired-by-north, by-south and
 * owners hashes), `r` and `n_add` (removal and addition counts) and `a` (the ARGV index of its first
 * pair), and leaves `a` after its last: r pairs (north, south) are removed where the desired state
 * still holds them, with their owner entry; n_add triples (north, south, owner code; '' = manual =
 * no entry) are added.
 */
export const APPLY_DESIRED_CHANGE_LUA = `
  for i = 1, r do
    if redis.call('HGET', wn, ARGV[a]) == ARGV[a + 1] then
      redis.call('HDEL', wn, ARGV[a])
      redis.call('HDEL', ws, ARGV[a + 1])
      redis.call('HDEL', own, ARGV[a])
    end
    a = a + 2
  end
  for i = 1, n_add do
    redis.call('HSET', wn, ARGV[a], ARGV[a + 1])
    redis.call('HSET', ws, ARGV[a + 1], ARGV[a])
    if ARGV[a + 2] == '' then redis.call('HDEL', own, ARGV[a]) else redis.call('HSET', own, ARGV[a], ARGV[a + 2]) end
    a = a + 3
  end
`;
