/**
 * Applies one switch's committed change to the desired state, written once for commitStage and
 * finishOperation, in a few batched calls per switch. Expects HASH_BATCH_LUA's helpers and Lua locals `wn`, `ws`, `own` (the switch's desired-by-north, by-south and
 * owners hashes), `r` and `n_add` (removal and addition counts) and `a` (the ARGV index of its first
 * pair), and leaves `a` after its last: r pairs (north, south) are removed where the desired state
 * still holds them, with their owner entry; n_add triples (north, south, owner code; '' = manual =
 * no entry) are added.
 */
export const APPLY_DESIRED_CHANGE_LUA = `
  do
    local rn, rs = {}, {}
    for i = 1, r do
      rn[i], rs[i] = ARGV[a], ARGV[a + 1]
      a = a + 2
    end
    local held = hmget_all(wn, rn)
    local gone_n, gone_s = {}, {}
    for i = 1, r do
      if held[i] == rs[i] then
        gone_n[#gone_n + 1] = rn[i]
        gone_s[#gone_s + 1] = rs[i]
      end
    end
    hdel_all(wn, gone_n)
    hdel_all(ws, gone_s)
    hdel_all(own, gone_n)
    local by_n, by_s, owned, manual = {}, {}, {}, {}
    for i = 1, n_add do
      local n, s, code = ARGV[a], ARGV[a + 1], ARGV[a + 2]
      by_n[#by_n + 1] = n
      by_n[#by_n + 1] = s
      by_s[#by_s + 1] = s
      by_s[#by_s + 1] = n
      if code == '' then manual[#manual + 1] = n else
        owned[#owned + 1] = n
        owned[#owned + 1] = code
      end
      a = a + 3
    end
    hset_all(wn, by_n)
    hset_all(ws, by_s)
    hdel_all(own, manual)
    hset_all(own, owned)
  end
`;
