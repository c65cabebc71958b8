"""Peers for `npm run bench:topology`, run on the very instances the TypeScript engine solves.

Input (JSON path in argv[1]):
  j64: 64x64 link counts (north block row, south block column), 256-regular;
  relabel: [{old: 256x64 perms, new: 256x64 perms}] per churn level (re-factorise + relabel baseline);
  traffic: {B, T (BxB), ports (B), capacity}.
Output (stdout, JSON): medians in ms and the values each peer computes.

- scipy: 256 Hopcroft-Karp peels (scipy.sparse.csgraph.maximum_bipartite_matching), the fast
  factorisation reference of ocs-facts.md (about 22 ms on a 2-core machine);
- networkx: the same peels with networkx.bipartite.hopcroft_karp_matching (about 283 ms);
- scipy.optimize.linear_sum_assignment: relabel a from-scratch factorisation onto today's OCS so it
  keeps as many circuits as possible (the ~90%-changed baseline minimal rewiring is compared to);
- scipy.optimize.linprog(method="highs"): the traffic LP bound, same model as traffic-lp.build.ts.
"""
import json
import statistics
import sys
import time

import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.optimize import linear_sum_assignment, linprog
from scipy.sparse.csgraph import maximum_bipartite_matching


def peel_scipy(d):
    d = d.copy()
    n = d.shape[0]
    rows = np.arange(n)
    perms = []
    for _ in range(int(d[0].sum())):
        m = maximum_bipartite_matching(sp.csr_matrix((d > 0).astype(np.int8)), perm_type="column")
        if (m < 0).any():
            raise RuntimeError("no perfect matching: demand not regular")
        d[rows, m] -= 1
        perms.append(m)
    assert d.sum() == 0
    return perms


def peel_networkx(d):
    d = d.copy()
    n = d.shape[0]
    top = list(range(n))
    perms = []
    for _ in range(int(d[0].sum())):
        g = nx.Graph()
        g.add_nodes_from(top)
        g.add_nodes_from(range(n, 2 * n))
        u, v = np.nonzero(d)
        g.add_edges_from(zip(u.tolist(), (v + n).tolist()))
        m = nx.bipartite.hopcroft_karp_matching(g, top_nodes=top)
        perm = [m[i] - n for i in top]
        for i, j in enumerate(perm):
            d[i, j] -= 1
        perms.append(perm)
    assert d.sum() == 0
    return perms


def timed(fn, runs):
    out = None
    ts = []
    for _ in range(runs):
        t = time.perf_counter()
        out = fn()
        ts.append((time.perf_counter() - t) * 1000)
    return statistics.median(ts), out


def relabel_changes(old, new):
    old = np.asarray(old)
    new = np.asarray(new)
    # overlap[s, t] = circuits OCS s keeps if colour class t is placed on it.
    overlap = (old[:, None, :] == new[None, :, :]).sum(axis=2)
    r, c = linear_sum_assignment(-overlap)
    kept = int(overlap[r, c].sum())
    total = old.shape[0] * old.shape[1]
    return 2 * (total - kept)


def traffic_lp(t, ports, cap):
    b = t.shape[0]
    cost, ub, rows, cols = [], [], [], []
    k = 0
    for i in range(b):
        for j in range(i + 1, b):
            lo, hi = sorted((t[i, j] / cap, t[j, i] / cap))
            if hi <= 0:
                continue
            for weight, bound in ((2.0, lo), (1.0, hi - lo)):
                if bound <= 0:
                    continue
                cost.append(-weight)
                ub.append(bound)
                rows += [i, j]
                cols += [k, k]
                k += 1
    a = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(b, k))
    res = linprog(np.array(cost), A_ub=a, b_ub=np.asarray(ports, dtype=float), bounds=list(zip([0.0] * k, ub)), method="highs")
    total = t.sum() - np.trace(t)
    return -res.fun * cap / total


def main():
    data = json.load(open(sys.argv[1]))
    out = {"python": sys.version.split()[0], "scipy": __import__("scipy").__version__, "networkx": nx.__version__}
    d = np.asarray(data["j64"], dtype=np.int64)
    out["scipyPeelMs"], _ = timed(lambda: peel_scipy(d), data.get("scipyRuns", 7))
    out["networkxPeelMs"], _ = timed(lambda: peel_networkx(d), data.get("networkxRuns", 3))
    out["relabel"] = [relabel_changes(r["old"], r["new"]) for r in data["relabel"]]
    tr = data["traffic"]
    t = np.asarray(tr["T"], dtype=float).reshape(tr["B"], tr["B"])
    out["scipyLpMs"], out["scipyLpBound"] = timed(lambda: traffic_lp(t, tr["ports"], tr["capacity"]), 3)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
