/**
 * The minimal-rewiring integer program (CPLEX LP format, for HiGHS) and the reading of its solution
 * back into cross-connects. Shared by the exact reference (exact-rewire.ts) and the planner's
 * large-neighbourhood search (rewire-lns.ts), which solves it on a few switches at a time.
 *
 * Model. For every switch s in the neighbourhood and ordered endpoint pair (u, v), y_suv >= 0
 * integer circuits of (u, v) on s. Each switch is a matching: sum_v y_suv <= usable north ports of
 * u on s, sum_u y_suv <= usable south ports of v on s. Per pair, sum_s y_suv = T_uv (directed), or
 * per unordered pair sum_s (y_suv + y_svu) = U_uv (undirected: the split is the solver's).
 * Kept circuits: z_suv <= y_suv and z_suv <= old_suv (circuits of (u, v) on s today); maximise
 * sum z (y itself where its bound is at most old_suv). Ports of one endpoint on one switch are interchangeable, so any y can keep exactly
 * min(y, old) of today's circuits of each (s, u, v) (the rest of its ports take the new ones), and
 * changes = (today's circuits - kept) + (target circuits - kept) per switch: maximising kept is
 * minimising removed + added.
 *
 * Size: y columns per switch x demanded pair with ports on both ends, one z per (s, u, v) in use
 * today; rows 2 x ports-owners per switch + pairs + z. Built in O(size).
 * Reference: the rewiring ILP of Zhao et al., "Minimal Rewiring", NSDI 2019, section 4.
 */
import type { PortIndex } from '../mesh/port-index.build';
import type { CrossConnect } from '../types';

/** Today's usable circuits of a switch grouped by pair: pair index u*E+v -> its cross-connects. */
export type OldBySwitch = Map<number, CrossConnect[]>[];

export interface RewireIlpInput {
  index: PortIndex;
  /** Switches the program may change (all others are outside the model). */
  switches: readonly number[];
  /** Today's usable circuits per switch (see groupOldCircuits). */
  old: OldBySwitch;
  /** Circuits the neighbourhood must hold per ordered pair (directed) or per unordered pair summed into u*E+v, u <= v (undirected). */
  target: Int32Array;
  directed: boolean;
  /** Lower bound on y per (switch, pair), e.g. circuits a neighbourhood search keeps fixed; default 0. */
  fixed?: (s: number, p: number) => number;
}

export interface RewireIlp {
  lp: string;
  /** Column y<k> is (switch, pair) cols[k]. */
  cols: { s: number; p: number }[];
  /** Upper bound on kept circuits (sum of today's circuits in the neighbourhood that a target pair could keep). */
  maxKept: number;
}

/** Groups today's circuits by switch and pair, dropping those on unusable ports (forced removals). */
export function groupOldCircuits(index: PortIndex, current: readonly CrossConnect[]): { old: OldBySwitch; forced: CrossConnect[]; usable: number } {
  const E = index.endpoints.length;
  const old: OldBySwitch = index.switches.map(() => new Map());
  const forced: CrossConnect[] = [];
  let usable = 0;
  for (const cc of current) {
    const s = index.switchIndex.get(cc.switchId);
    const u = s === undefined ? -1 : (index.northOwner[s][cc.north] ?? -1);
    const v = s === undefined ? -1 : (index.southOwner[s][cc.south] ?? -1);
    if (s === undefined || u < 0 || v < 0 || !index.north[s][u].includes(cc.north) || !index.south[s][v].includes(cc.south)) {
      forced.push(cc);
      continue;
    }
    const p = u * E + v;
    const list = old[s].get(p);
    if (list) list.push(cc);
    else old[s].set(p, [cc]);
    usable++;
  }
  return { old, forced, usable };
}

/** The undirected target: U[u*E+v] for u <= v holds T_uv + T_vu (T_uu for a loop), 0 below the diagonal. */
export function undirectedTarget(target: Int32Array, E: number): Int32Array {
  const out = new Int32Array(E * E);
  for (let u = 0; u < E; u++) {
    out[u * E + u] = target[u * E + u];
    for (let v = u + 1; v < E; v++) out[u * E + v] = target[u * E + v] + target[v * E + u];
  }
  return out;
}

export function buildRewireIlp(input: RewireIlpInput): RewireIlp {
  const { index, switches, old, target, directed } = input;
  const E = index.endpoints.length;
  const cols: { s: number; p: number }[] = [];
  const caps: number[] = [];
  const byPair = new Map<string, number[]>();
  const northRows = new Map<string, number[]>();
  const southRows = new Map<string, number[]>();
  const bounds: string[] = [];
  const general: string[] = [];
  const keep: string[] = [];
  const objective: string[] = [];
  const push = (m: Map<string, number[]>, key: string, k: number) => {
    const l = m.get(key);
    if (l) l.push(k);
    else m.set(key, [k]);
  };
  let maxKept = 0;
  for (let u = 0; u < E; u++) {
    for (let v = 0; v < E; v++) {
      const t = directed ? target[u * E + v] : target[Math.min(u, v) * E + Math.max(u, v)];
      if (t <= 0) continue;
      const p = u * E + v;
      const row = directed || u <= v ? p : v * E + u;
      for (const s of switches) {
        const cap = Math.min(index.north[s][u].length, index.south[s][v].length, t);
        if (cap <= 0) continue;
        const k = cols.length;
        cols.push({ s, p });
        caps.push(cap);
        push(byPair, String(row), k);
        push(northRows, `${s}_${u}`, k);
        push(southRows, `${s}_${v}`, k);
        bounds.push(` ${Math.min(cap, input.fixed?.(s, p) ?? 0)} <= y${k} <= ${cap}`);
        general.push(`y${k}`);
        const had = old[s].get(p)?.length ?? 0;
        if (had >= cap) {
          // y never exceeds today's circuits here, so all of y is kept: no z needed (the usual case, one port per side).
          maxKept += cap;
          objective.push(`y${k}`);
        } else if (had > 0) {
          maxKept += had;
          objective.push(`z${k}`);
          keep.push(` k${k}: z${k} - y${k} <= 0`);
          bounds.push(` 0 <= z${k} <= ${had}`);
        }
      }
    }
  }
  const rows: string[] = [];
  // A port row only where the columns' own bounds could exceed the ports (it would be slack otherwise).
  const portRows = (m: Map<string, number[]>, side: 'n' | 's', ports: (s: number, e: number) => number) => {
    for (const [key, ks] of m) {
      const [sw, e] = key.split('_').map(Number);
      let sum = 0;
      for (const k of ks) sum += caps[k];
      if (sum > ports(sw, e)) rows.push(` ${side}${key}: ${ks.map((k) => `y${k}`).join(' + ')} <= ${ports(sw, e)}`);
    }
  };
  portRows(northRows, 'n', (sw, e) => index.north[sw][e].length);
  portRows(southRows, 's', (sw, e) => index.south[sw][e].length);
  for (let u = 0; u < E; u++) {
    for (let v = directed ? 0 : u; v < E; v++) {
      const t = target[u * E + v];
      if (t <= 0) continue;
      const ks = byPair.get(String(u * E + v)) ?? [];
      // No column can carry the pair: the program is infeasible, said by a row HiGHS cannot meet.
      rows.push(` t${u}_${v}: ${ks.length > 0 ? ks.map((k) => `y${k}`).join(' + ') : '0 y_none'} = ${t}`);
    }
  }
  const lp = [
    'Maximize',
    ` obj: ${objective.length > 0 ? objective.join(' + ') : '0 y_none'}`,
    'Subject To',
    ...rows,
    ...keep,
    'Bounds',
    ...bounds,
    ...(general.length > 0 ? ['General', ` ${general.join(' ')}`] : []),
    'End',
    '',
  ].join('\n');
  return { lp, cols, maxKept };
}

/**
 * The circuits of the neighbourhood's switches for a solution y (column values): per (s, u, v),
 * min(y, today's) of today's circuits are kept on their ports and the rest of y is built on the
 * ports of u and v on s that no kept circuit holds. Returns the circuits after, per switch.
 */
export function realiseIlpSolution(index: PortIndex, ilp: RewireIlp, values: (k: number) => number, old: OldBySwitch, switches: readonly number[]): Map<number, CrossConnect[]> {
  const E = index.endpoints.length;
  const wanted = new Map<number, Map<number, number>>();
  ilp.cols.forEach((c, k) => {
    const y = Math.round(values(k));
    if (y <= 0) return;
    let m = wanted.get(c.s);
    if (!m) wanted.set(c.s, (m = new Map()));
    m.set(c.p, (m.get(c.p) ?? 0) + y);
  });
  const out = new Map<number, CrossConnect[]>();
  for (const s of switches) {
    const after: CrossConnect[] = [];
    const usedN = new Set<number>();
    const usedS = new Set<number>();
    const m = wanted.get(s) ?? new Map<number, number>();
    const toBuild: [number, number][] = [];
    for (const [p, y] of m) {
      const keptHere = (old[s].get(p) ?? []).slice(0, y);
      for (const c of keptHere) {
        after.push(c);
        usedN.add(c.north);
        usedS.add(c.south);
      }
      if (y > keptHere.length) toBuild.push([p, y - keptHere.length]);
    }
    for (const [p, n] of toBuild) {
      const north = index.north[s][Math.floor(p / E)].filter((x) => !usedN.has(x));
      const south = index.south[s][p % E].filter((x) => !usedS.has(x));
      for (let i = 0; i < n; i++) {
        after.push({ switchId: index.switches[s], north: north[i], south: south[i] });
        usedN.add(north[i]);
        usedS.add(south[i]);
      }
    }
    out.set(s, after);
  }
  return out;
}

/**
 * Column values of a known plan, as a MIP start: y = its circuits per (switch, pair) of the
 * program, z = min(y, today's circuits there). Circuits on switches or pairs outside the program
 * are ignored.
 */
export function ilpStartValues(index: PortIndex, ilp: RewireIlp, old: OldBySwitch, plan: readonly CrossConnect[]): Map<string, number> {
  const E = index.endpoints.length;
  const count = new Map<number, number>();
  for (const c of plan) {
    const s = index.switchIndex.get(c.switchId);
    const u = s === undefined ? -1 : (index.northOwner[s][c.north] ?? -1);
    const v = s === undefined ? -1 : (index.southOwner[s][c.south] ?? -1);
    if (s === undefined || u < 0 || v < 0) continue;
    const key = s * E * E + u * E + v;
    count.set(key, (count.get(key) ?? 0) + 1);
  }
  const values = new Map<string, number>();
  ilp.cols.forEach((c, k) => {
    const y = count.get(c.s * E * E + c.p) ?? 0;
    values.set(`y${k}`, y);
    values.set(`z${k}`, Math.min(y, old[c.s].get(c.p)?.length ?? 0));
  });
  return values;
}
