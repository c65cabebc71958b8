/**
 * Verifier: the cross-connects really wire the requested (possibly twisted) 3D torus of chips.
 *
 * Method: for every chip of the slice and each of its six directions, compute the neighbour the
 * torus definition requires, then find the neighbour the wiring gives by walking: inside a cube the
 * neighbour is the adjacent chip (cube-internal links); at a face the chip's optical port
 * `<d><+|->:<k>` (k = u * edge + v, u and v the chip's other two local coordinates in x, y, z
 * order) -> its fibre -> the switch port -> the cross-connect -> the opposite port -> its fibre ->
 * the cube and face port it lands on, which must be the opposite face with the same k. Both must
 * agree.
 *
 * Torus definition (also in docs/topology-cli.md), shape n = (A, B, C) in chips:
 * - plain torus: the +d neighbour of chip p is p with p_d := (p_d + 1) mod n_d;
 * - twisted torus, allowed when the dims take exactly two values K and 2K with one or two of them
 *   equal to K (2A = B = C or 2A = 2B = C up to order): for a short dim d (n_d = K) the wrap-around
 *   link (p_d = K - 1 -> 0) also shifts every long dim l by K: p_l := (p_l + K) mod 2K. Long dims wrap
 *   plainly. This is the Camara et al. twisted torus as TPU v4 uses it ("k*k*2k" and "k*2k*2k": the
 *   short ring's seam jumps +K along the doubled axes); since K is a multiple of the cube edge, the
 *   shift is whole cubes and the OCS can realise it.
 *
 * Complexity O(chips) = O(cubes x edge^3) walks of O(1) map lookups. Never throws for a violation.
 */
import type { CrossConnect, FabricSpec, Fibre, TorusLayout } from '../types';
import { indexForVerifier, type VerifierIndex } from './verifier-index';
import { INVARIANTS, type Violation } from './violation';

const DIMS = ['x', 'y', 'z'] as const;
type Vec = [number, number, number];

export interface VerifyTorusOptions {
  index?: VerifierIndex;
  limit?: number;
}

/** Short and long dims of a twisted shape, or undefined when the shape cannot be twisted. */
function twistDims(n: Vec): { short: number[]; long: number[]; k: number } | undefined {
  const k = Math.min(...n);
  const short = [0, 1, 2].filter((d) => n[d] === k);
  const long = [0, 1, 2].filter((d) => n[d] === 2 * k);
  if (short.length + long.length !== 3 || long.length === 0 || short.length === 0) return undefined;
  return { short, long, k };
}

function expectedNeighbour(n: Vec, twist: ReturnType<typeof twistDims>, p: Vec, d: number, step: 1 | -1): Vec {
  const q: Vec = [p[0], p[1], p[2]];
  const next = p[d] + step;
  const wraps = next < 0 || next >= n[d];
  q[d] = ((next % n[d]) + n[d]) % n[d];
  if (wraps && twist && twist.short.includes(d)) {
    for (const l of twist.long) q[l] = (q[l] + twist.k) % (2 * twist.k);
  }
  return q;
}

interface CheckedLayout {
  e: number;
  n: Vec;
  twist: ReturnType<typeof twistDims>;
  position: Map<string, Vec>;
}

/** Validates the layout itself; returns it in usable form or the reason it cannot be checked. */
function checkLayout(idx: VerifierIndex, layout: TorusLayout): CheckedLayout | string[] {
  const e = layout.cubeEdge ?? 4;
  const n = layout.shape;
  if (n.some((v) => !Number.isInteger(v) || v < e || v % e !== 0)) return [`shape ${n.join('x')} is not a whole number of ${e}-chip cubes in every dimension`];
  const g: Vec = [n[0] / e, n[1] / e, n[2] / e];
  if (layout.cubes.length !== g[0] * g[1] * g[2]) return [`layout lists ${layout.cubes.length} cubes but shape ${n.join('x')} needs ${g[0] * g[1] * g[2]}`];
  const twist = layout.twisted ? twistDims(n) : undefined;
  if (layout.twisted && !twist) return [`shape ${n.join('x')} cannot be a twisted torus (needs 2A = B = C or 2A = 2B = C)`];
  const problems: string[] = [];
  const position = new Map<string, Vec>();
  layout.cubes.forEach((id, i) => {
    if (position.has(id)) problems.push(`cube ${id} appears twice in the layout`);
    if (!idx.endpointPorts.has(id)) problems.push(`cube ${id} is not an endpoint of the fabric`);
    position.set(id, [i % g[0], Math.floor(i / g[0]) % g[1], Math.floor(i / (g[0] * g[1]))]);
  });
  return problems.length > 0 ? problems : { e, n, twist, position };
}

type Circuits = { southOf: Map<string, Map<number, number>>; northOf: Map<string, Map<number, number>> };

function indexCircuits(crossConnects: readonly CrossConnect[]): Circuits {
  const southOf = new Map<string, Map<number, number>>();
  const northOf = new Map<string, Map<number, number>>();
  for (const c of crossConnects) {
    if (!southOf.has(c.switchId)) {
      southOf.set(c.switchId, new Map());
      northOf.set(c.switchId, new Map());
    }
    southOf.get(c.switchId)!.set(c.north, c.south);
    northOf.get(c.switchId)!.set(c.south, c.north);
  }
  return { southOf, northOf };
}

/** Walks out of `cube` through face (d, step) link k; returns the landing cube or a failure text. */
function walk(idx: VerifierIndex, circuits: Circuits, cube: string, d: number, step: 1 | -1, k: number): { cube: string } | { error: string } {
  const label = `${DIMS[d]}${step > 0 ? '+' : '-'}:${k}`;
  const f = idx.endpointPorts.get(cube)?.get(label);
  if (!f) return { error: `cube ${cube} has no fibre on port ${label}` };
  const wantSide = step > 0 ? 'north' : 'south';
  if (f.side !== wantSide) return { error: `cube ${cube} port ${label} is fibred to a ${f.side} port, expected ${wantSide}` };
  const other = (step > 0 ? circuits.southOf : circuits.northOf).get(f.switchId)?.get(f.port);
  if (other === undefined) return { error: `cube ${cube} port ${label} (${f.switchId} ${f.side} ${f.port}) has no cross-connect` };
  const g2: Fibre | undefined = idx.switches.get(f.switchId)?.fibres[step > 0 ? 'south' : 'north'][other];
  if (!g2) return { error: `cube ${cube} port ${label} is cross-connected to unfibred port ${other} of ${f.switchId}` };
  const wantLabel = `${DIMS[d]}${step > 0 ? '-' : '+'}:${k}`;
  if (g2.endpointPort !== wantLabel) return { error: `cube ${cube} port ${label} reaches ${g2.endpoint} port ${g2.endpointPort}, expected a ${wantLabel} port` };
  return { cube: g2.endpoint };
}

/** The neighbour the wiring gives chip p (local coordinates `local` in `cube`), or a failure text. */
function actualNeighbour(idx: VerifierIndex, circuits: Circuits, L: CheckedLayout, cube: string, p: Vec, local: Vec, d: number, step: 1 | -1): Vec | string {
  const nl = local[d] + step;
  if (nl >= 0 && nl < L.e) {
    const got: Vec = [p[0], p[1], p[2]];
    got[d] += step;
    return got;
  }
  const [u, v] = [0, 1, 2].filter((x) => x !== d);
  const r = walk(idx, circuits, cube, d, step, local[u] * L.e + local[v]);
  if ('error' in r) return r.error;
  const gq = L.position.get(r.cube);
  if (!gq) return `leaves the slice to cube ${r.cube}`;
  const lq: Vec = [local[0], local[1], local[2]];
  lq[d] = step > 0 ? 0 : L.e - 1;
  return [gq[0] * L.e + lq[0], gq[1] * L.e + lq[1], gq[2] * L.e + lq[2]];
}

export function verifyTorus(spec: FabricSpec, crossConnects: readonly CrossConnect[], layout: TorusLayout, options: VerifyTorusOptions = {}): Violation[] {
  const idx = options.index ?? indexForVerifier(spec);
  const limit = options.limit ?? 1000;
  const out: Violation[] = [];
  const report = (message: string, endpoint?: string) => {
    if (out.length < limit) out.push({ invariant: INVARIANTS.torus, message, endpoint });
  };
  const L = checkLayout(idx, layout);
  if (Array.isArray(L)) {
    L.forEach((m) => report(m));
    return out;
  }
  const circuits = indexCircuits(crossConnects);
  const e = L.e;
  for (const [cube, gp] of L.position) {
    for (let c = 0; c < e * e * e; c++) {
      const local: Vec = [c % e, Math.floor(c / e) % e, Math.floor(c / (e * e))];
      const p: Vec = [gp[0] * e + local[0], gp[1] * e + local[1], gp[2] * e + local[2]];
      for (let d = 0; d < 3; d++) {
        for (const step of [1, -1] as const) {
          const dir = `${DIMS[d]}${step > 0 ? '+' : '-'}`;
          const want = expectedNeighbour(L.n, L.twist, p, d, step);
          const got = actualNeighbour(idx, circuits, L, cube, p, local, d, step);
          if (typeof got === 'string') report(`chip (${p.join(',')}) ${dir}: ${got}`, cube);
          else if (got[0] !== want[0] || got[1] !== want[1] || got[2] !== want[2]) {
            report(`chip (${p.join(',')}) ${dir} neighbour is (${got.join(',')}), expected (${want.join(',')})`, cube);
          }
        }
      }
      if (out.length >= limit) return out;
    }
  }
  return out;
}
