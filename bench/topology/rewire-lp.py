"""The LP relaxation of minimal rewiring, for `npm run bench:topology -- --only lp`.

Input (JSON path in argv[1]): a list of instances, each {name, perms (S x B: today's south block of
every north block per OCS, every port in use), target (B x B link counts, row-major)}.
Output (stdout, JSON): per instance the LP bound on touched circuits and the solve time.

Model (the exact program of rewire-ilp.build.ts with one north and one south port per block per
OCS, relaxed): y[s,u,v] in [0, 1] for every OCS s and pair (u, v) the target asks for; every OCS a
perfect matching (sum_v y[s,u,v] = 1, sum_u y[s,u,v] = 1); every pair its target
(sum_s y[s,u,v] = T[u,v]). A circuit is kept when y[s,u,perm_s(u)] = 1, so the LP's most kept
circuits K bound every plan's touched circuits below by 2 x (circuits - K): removed = added =
circuits - kept on a full fabric. Solved with HiGHS' interior-point method through scipy
(scipy.optimize.linprog, method "highs-ipm"); it is a bound, not a plan.
"""
import json
import sys
import time

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog


def lp_bound(perms, target):
    P = np.asarray(perms, dtype=np.int64)
    S, B = P.shape
    T = np.asarray(target, dtype=np.int64).reshape(B, B)
    pu, pv = np.nonzero(T > 0)
    npairs = len(pu)
    pair_of = -np.ones((B, B), dtype=np.int64)
    pair_of[pu, pv] = np.arange(npairs)
    n = S * npairs
    s_of = np.repeat(np.arange(S), npairs)
    u_of = np.tile(pu, S)
    v_of = np.tile(pv, S)
    rows = np.concatenate([s_of * B + u_of, S * B + s_of * B + v_of, 2 * S * B + np.tile(np.arange(npairs), S)])
    cols = np.concatenate([np.arange(n)] * 3)
    A = sp.csr_matrix((np.ones(3 * n), (rows, cols)), shape=(2 * S * B + npairs, n))
    b = np.concatenate([np.ones(2 * S * B), T[pu, pv].astype(float)])
    c = np.zeros(n)
    # Keeping today's circuit (u, perm_s(u)) on OCS s is worth 1 (where the target still asks for the pair).
    keep = pair_of[np.arange(B)[None, :].repeat(S, 0), P]
    s_idx, u_idx = np.nonzero(keep >= 0)
    c[s_idx * npairs + keep[s_idx, u_idx]] = -1.0
    t = time.perf_counter()
    res = linprog(c, A_eq=A, b_eq=b, bounds=(0, 1), method="highs-ipm")
    ms = (time.perf_counter() - t) * 1000
    if res.status != 0:
        return {"status": res.message, "solveMs": ms}
    kept = -res.fun
    circuits = S * B
    return {"status": "optimal", "lpKept": kept, "lpTouched": 2 * (circuits - kept), "solveMs": ms, "columns": n}


def main():
    instances = json.load(open(sys.argv[1]))
    out = [{"name": i["name"], **lp_bound(i["perms"], i["target"])} for i in instances]
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
