/**
 * The traffic-aware topology LP (Jupiter objective) in CPLEX LP format, for HiGHS.
 *
 * Model. B blocks, traffic T (T[i][j] = demand i -> j), circuit capacity c per direction (every
 * circuit is bidirectional through circulators, so n_ij circuits between i and j carry up to c n_ij
 * each way). Direct traffic carried by pair {i, j}: f(n) = min(T_ij, c n) + min(T_ji, c n). The
 * objective is sum over pairs of f(n_ij) / sum T: the share of all traffic the direct links carry.
 * With hi = max(T_ij, T_ji)/c and lo = min(T_ij, T_ji)/c, f/c is concave piecewise linear: slope 2
 * up to lo, slope 1 up to hi, flat after; it is modelled exactly by n = s1 + s2 (+ unused), with
 * s1 in [0, lo] weighted 2 and s2 in [0, hi - lo] weighted 1 (maximisation fills s1 first).
 * Constraint per block i: sum_j n_ij <= ports_i (its usable north + south ports).
 *
 * The integer version adds n_k (General) with s1_k + s2_k <= n_k and the degree rows on n.
 *
 * Size: 2 x B(B-1)/2 columns, B rows (J64: 4,032 x 64); the MIP adds B(B-1)/2 integer columns and
 * as many rows. Complexity O(B^2) to build.
 * Invariant: column `s1_k`/`s2_k` belongs to pair k of `pairs` (i < j).
 */

export interface TrafficLp {
  lp: string;
  /** The same model with integer n_k (column `n_k` per pair, s1_k + s2_k <= n_k, degrees on n). */
  mip: string;
  /** Pair k = (i, j), i < j, with lo and hi in circuit units. */
  pairs: { i: number; j: number; lo: number; hi: number }[];
  /** Total traffic (denominator of the objective), in traffic units. */
  total: number;
}

const num = (x: number) => (Number.isInteger(x) ? String(x) : x.toPrecision(12));

export function buildTrafficLp(traffic: Float64Array, B: number, ports: Int32Array, capacity: number): TrafficLp {
  const pairs: TrafficLp['pairs'] = [];
  const objective: string[] = [];
  const bounds: string[] = [];
  const rows: string[][] = Array.from({ length: B }, () => []);
  let total = 0;
  for (let i = 0; i < B; i++) for (let j = 0; j < B; j++) if (i !== j) total += traffic[i * B + j];
  for (let i = 0; i < B; i++) {
    for (let j = i + 1; j < B; j++) {
      const a = traffic[i * B + j] / capacity;
      const b = traffic[j * B + i] / capacity;
      const lo = Math.min(a, b);
      const hi = Math.max(a, b);
      if (hi <= 0) continue;
      const k = pairs.length;
      pairs.push({ i, j, lo, hi });
      if (lo > 0) {
        objective.push(`2 s1_${k}`);
        bounds.push(` 0 <= s1_${k} <= ${num(lo)}`);
        rows[i].push(`s1_${k}`);
        rows[j].push(`s1_${k}`);
      }
      if (hi > lo) {
        objective.push(`s2_${k}`);
        bounds.push(` 0 <= s2_${k} <= ${num(hi - lo)}`);
        rows[i].push(`s2_${k}`);
        rows[j].push(`s2_${k}`);
      }
    }
  }
  const constraints = rows.map((r, i) => (r.length > 0 ? ` deg_${i}: ${r.join(' + ')} <= ${ports[i]}` : '')).filter((l) => l);
  const obj = ` obj: ${objective.length ? objective.join(' + ') : '0 s_dummy'}`;
  const lp = ['Maximize', obj, 'Subject To', ...constraints, 'Bounds', ...bounds, 'End', ''].join('\n');
  const link: string[] = [];
  const nRows: string[][] = Array.from({ length: B }, () => []);
  pairs.forEach((p, k) => {
    const terms = [...(p.lo > 0 ? [`s1_${k}`] : []), ...(p.hi > p.lo ? [`s2_${k}`] : [])];
    link.push(` link_${k}: ${terms.join(' + ')} - n_${k} <= 0`);
    nRows[p.i].push(`n_${k}`);
    nRows[p.j].push(`n_${k}`);
  });
  const nConstraints = nRows.map((r, i) => (r.length > 0 ? ` deg_${i}: ${r.join(' + ')} <= ${ports[i]}` : '')).filter((l) => l);
  const general = pairs.length > 0 ? ['General', ` ${pairs.map((_, k) => `n_${k}`).join(' ')}`] : [];
  const mip = ['Maximize', obj, 'Subject To', ...link, ...nConstraints, 'Bounds', ...bounds, ...general, 'End', ''].join('\n');
  return { lp, mip, pairs, total };
}
