/**
 * Undirected link targets (issue 11 item 3): n links between endpoints i and j may run i -> j
 * (north(i) to south(j)) or j -> i; which split is best depends on today's circuits. This picks the
 * split that minimises the plain rewiring bound, sum over ordered pairs of |T - today|, within every
 * endpoint's usable north and south ports, so the planner starts from the cheapest target the
 * undirected request allows (the rewiring search may still change the split, rewire-lns.ts).
 *
 * Model (solved by HiGHS, in-process, warm). One integer x_k in [0, U_k] per unordered pair
 * k = {u < v} with an undirected count U_k: T_uv = D_uv + x_k and T_vu = D_vu + U_k - x_k, D being
 * the directed part of the request. Minimise sum_k |T_uv - O_uv| + |T_vu - O_vu| (O = today's
 * usable circuits), plus a tie-break below 1 in total towards even splits (x_k near U_k / 2), so
 * among equally cheap splits the one that leaves every endpoint's two sides balanced wins (what a
 * mesh from an empty fabric needs). Rows: north degree of u = sum_v T_uv <= u's usable north ports,
 * south degree <= its south ports. Each x appears with +1 and -1 in the degree rows of its two
 * endpoints (a network matrix with ranged rows), so the relaxation is integral and the solve takes
 * milliseconds on J64 (2,016 pairs). A loop (u = v) has one direction only: U_uu goes to T_uu.
 *
 * Complexity O(E^2) to build; throws TopologyInfeasibleError (rule `degree-exceeds-ports`) when no
 * split fits the ports.
 */
import { TopologyInfeasibleError } from '../errors';
import { portsPerEndpoint, type PortIndex } from '../mesh/port-index.build';
import { solveInProcess } from '../traffic/highs.in-process';

/**
 * The directed target T (E x E, north row -> south column) for a request with directed counts
 * `directed` (E x E) and undirected counts `undirected` (E x E, read at u <= v: the sum of the
 * entries of the unordered pair), closest to today's directed matrix `today`.
 */
export async function chooseDirectionSplit(index: PortIndex, today: Int32Array, directed: Int32Array, undirected: Int32Array, where: string): Promise<Int32Array> {
  const E = index.endpoints.length;
  const T = directed.slice();
  const pairs: { u: number; v: number; n: number }[] = [];
  for (let u = 0; u < E; u++) {
    T[u * E + u] += undirected[u * E + u];
    for (let v = u + 1; v < E; v++) {
      const n = undirected[u * E + v] + undirected[v * E + u];
      if (n > 0) pairs.push({ u, v, n });
    }
  }
  if (pairs.length === 0) return T;
  // Degree rows: constant parts (directed counts, loops, and U_k for the v -> u direction at x = 0).
  const ports = portsPerEndpoint(index);
  const baseN = new Float64Array(E);
  const baseS = new Float64Array(E);
  for (let u = 0; u < E; u++) {
    for (let v = 0; v < E; v++) {
      baseN[u] += T[u * E + v];
      baseS[v] += T[u * E + v];
    }
  }
  const termsN: string[][] = Array.from({ length: E }, () => []);
  const termsS: string[][] = Array.from({ length: E }, () => []);
  const rows: string[] = [];
  const bounds: string[] = [];
  const general: string[] = [];
  const obj: string[] = [];
  let total = 0;
  for (const p of pairs) total += p.n;
  const eps = 1 / (2 * (total + 1));
  pairs.forEach(({ u, v, n }, k) => {
    // x = T_uv - D_uv: +1 on north(u) and south(v); the other direction n - x on north(v) and south(u).
    baseN[v] += n;
    baseS[u] += n;
    termsN[u].push(`+ x${k}`);
    termsS[v].push(`+ x${k}`);
    termsN[v].push(`- x${k}`);
    termsS[u].push(`- x${k}`);
    const a = today[u * E + v] - directed[u * E + v];
    const b = today[v * E + u] - directed[v * E + u];
    // c >= |x - a|, d >= |(n - x) - b|, e >= |x - n/2| (tie-break).
    rows.push(` ca${k}: c${k} - x${k} >= ${-a}`, ` cb${k}: c${k} + x${k} >= ${a}`);
    rows.push(` da${k}: d${k} + x${k} >= ${n - b}`, ` db${k}: d${k} - x${k} >= ${b - n}`);
    rows.push(` ea${k}: e${k} - x${k} >= ${-n / 2}`, ` eb${k}: e${k} + x${k} >= ${n / 2}`);
    obj.push(`c${k} + d${k} + ${eps} e${k}`);
    bounds.push(` 0 <= x${k} <= ${n}`);
    general.push(`x${k}`);
  });
  for (let e = 0; e < E; e++) {
    if (termsN[e].length === 0) continue;
    rows.push(` n${e}: ${termsN[e].join(' ')} <= ${ports.north[e] - baseN[e]}`);
    rows.push(` s${e}: ${termsS[e].join(' ')} <= ${ports.south[e] - baseS[e]}`);
  }
  const lp = ['Minimize', ` obj: ${obj.join(' + ')}`, 'Subject To', ...rows, 'Bounds', ...bounds, 'General', ` ${general.join(' ')}`, 'End', ''].join('\n');
  const out = await solveInProcess(lp, 30_000);
  if (out.status !== 'Optimal') {
    throw new TopologyInfeasibleError(
      where,
      'degree-exceeds-ports',
      `no split of the undirected link counts into north -> south circuits fits every endpoint's ports (solver: ${out.status}); lower the counts of the busiest endpoints`,
    );
  }
  pairs.forEach(({ u, v, n }, k) => {
    const x = Math.round(out.primal.get(`x${k}`) ?? 0);
    T[u * E + v] += x;
    T[v * E + u] += n - x;
  });
  return T;
}
