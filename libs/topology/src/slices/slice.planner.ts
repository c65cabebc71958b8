/**
 * Slice planner: a 3D torus (optionally twisted) of whole cubes on a TPU-v4-style pod.
 *
 * Algorithm: classify the shape (torus-shape.ts), pick `cubes` available cubes (healthy, not spare,
 * every face port fibred, usable and free) from one pod (cubes whose faces reach the same OCS),
 * the pod chosen by the placement score (placement-score.ts: lease-aware by default, so slices
 * that end together share a pod and pods come free whole for large slices), or
 * check the caller's explicit placement, lay them out on the cube grid x-fastest, then for every cube a, dim d and
 * face-link k add the cross-connect north(a, d+:k) -> south(b, d-:k) on that OCS, where b is a's +d
 * neighbour on the grid (wrap-around, and the twist for short dims). A dim of one cube wires a cube
 * to itself, which closes its ring through the OCS.
 *
 * Count: n cubes x 3 dims x linksPerFace cross-connects, n on each OCS (full pod: 64 x 48 = 3,072).
 * Complexity O(cubes x 6 x linksPerFace) after the O(1) shape check; no search inside a pod,
 * because with the pod wiring every cube reaches every other through each OCS, so any set of free
 * cubes of one pod works.
 * Invariants: I1 (each face port used once: each cube is the +d neighbour of exactly one cube),
 * I2 (only usable, free ports). Output passes verifyTorus with the same layout.
 */
import { TopologyInfeasibleError, TopologyInvalidArgumentError } from '../errors';
import { buildCircuitTable } from '../model/circuit-table';
import type { FabricModel } from '../model/fabric-model';
import type { CrossConnect, SwitchChange, TorusLayout } from '../types';
import { cubeEdgeOf, cubePortsOf, cubeUnavailableReason, type CubePorts } from './cube-ports';
import { chooseCubeGroup, type PlacementPolicy, type ShapeWeight } from './placement-score';
import { classifyTorusShape, nextCubePosition } from './torus-shape';

const WHERE = 'slices/planSlice';

export interface SliceRequest {
  /** Shape in chips, [A, B, C]; each a multiple of the cube edge. */
  shape: [number, number, number];
  twisted?: boolean;
  /** Explicit placement, cube ids in grid order (x fastest); default: first available cubes. */
  cubes?: string[];
  /** Cubes that must not be used (e.g. reserved by another job). */
  excludeCubes?: string[];
  /** Current cross-connects: their ports are busy, and cubes touching them are not free. */
  current?: CrossConnect[];
  /** Which pod takes the slice when the fabric has several (placement-score.ts); default lease-aware (first-fit without leaseEndsAt). */
  placement?: PlacementPolicy;
  /** Expected future slices for the fragmentation-aware score; default DEFAULT_SHAPE_MIX. */
  futureShapes?: readonly ShapeWeight[];
  /** When this slice's lease ends (any clock, the same as cubeLeases'), for lease-aware placement. */
  leaseEndsAt?: number;
  /** When busy or excluded cubes come free (their holders' lease ends); others busy count as never. */
  cubeLeases?: Readonly<Record<string, number>>;
}

export interface SlicePlan {
  layout: TorusLayout;
  crossConnects: CrossConnect[];
  /** The same cross-connects as additions per switch (a new slice removes nothing). */
  changes: SwitchChange[];
  metrics: { cubes: number; crossConnects: number; switchesUsed: number; perSwitch: number };
}

function placeCubes(model: FabricModel, req: SliceRequest, needed: number, links: number, edge: number): { ids: string[]; tables: CubePorts[] } {
  const busy = req.current && req.current.length > 0 ? buildCircuitTable(model, req.current, WHERE) : undefined;
  const excluded = new Set(req.excludeCubes ?? []);
  const ids: string[] = [];
  const tables: CubePorts[] = [];
  if (req.cubes) {
    if (req.cubes.length !== needed || new Set(req.cubes).size !== needed) {
      throw new TopologyInvalidArgumentError(WHERE, `shape ${req.shape.join('x')} needs ${needed} distinct cubes, the placement lists ${req.cubes.length}; list exactly ${needed}`);
    }
    for (const id of req.cubes) {
      const c = model.endpointOf(id, WHERE);
      const t = cubePortsOf(model, c, links, edge);
      const why = excluded.has(id) ? 'cube is excluded' : cubeUnavailableReason(model, c, t, busy);
      if (why) throw new TopologyInfeasibleError(WHERE, 'cube-unavailable', `cube ${id} cannot join the slice: ${why}; pick another cube`);
      ids.push(id);
      tables.push(t);
    }
    return { ids, tables };
  }
  // Cubes grouped by the OCS their faces reach (one group per pod): a slice never spans two. Busy
  // and held cubes count towards their group's release time (lease-aware placement).
  const groups = new Map<string, { ids: string[]; tables: CubePorts[]; releaseAt: number | undefined }>();
  for (let c = 0; c < model.endpointCount; c++) {
    if (model.endpointKind[c] !== 'cube' || model.endpointSpare[c]) continue;
    const id = model.endpointIds[c];
    const t = cubePortsOf(model, c, links, edge);
    const key = `${t.plusSwitch.join(',')}|${t.minusSwitch.join(',')}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ids: [], tables: [], releaseAt: undefined }));
    const why = excluded.has(id) ? 'excluded' : cubeUnavailableReason(model, c, t, busy);
    if (!why) {
      g.ids.push(id);
      g.tables.push(t);
    } else if (why === 'excluded' || why.startsWith('cube is busy')) {
      // Held by someone: until its lease ends, or for good when nobody says (a topology's circuits).
      g.releaseAt = Math.max(g.releaseAt ?? -Infinity, req.cubeLeases?.[id] ?? Infinity);
    }
  }
  const list = [...groups.values()].filter((g) => g.ids.length > 0);
  const chosen = chooseCubeGroup(
    list.map((g) => g.ids.length),
    needed,
    { policy: req.placement, mix: req.futureShapes, endsAt: req.leaseEndsAt, releaseAt: list.map((g) => g.releaseAt) },
  );
  if (chosen < 0) {
    const most = Math.max(0, ...list.map((g) => g.ids.length));
    const spread = list.length > 1 ? ` (${list.reduce((n, g) => n + g.ids.length, 0)} free in all, at most ${most} in one pod, and a slice cannot span pods)` : '';
    throw new TopologyInfeasibleError(
      WHERE,
      'not-enough-free-cubes',
      `shape ${req.shape.join('x')} needs ${needed} free healthy cubes, only ${most} are available${spread}; free cubes or ask for a smaller slice`,
    );
  }
  // Inside one pod every cube reaches every other through each OCS: the first free ones do.
  ids.push(...list[chosen].ids.slice(0, needed));
  tables.push(...list[chosen].tables.slice(0, needed));
  return { ids, tables };
}

export function planSlice(model: FabricModel, req: SliceRequest): SlicePlan {
  const { links, edge } = cubeEdgeOf(model, WHERE);
  const info = classifyTorusShape(req.shape, req.twisted ?? false, edge, WHERE);
  const { ids, tables } = placeCubes(model, req, info.cubeCount, links, edge);
  const [gx, gy] = info.grid;
  const bySwitch = new Map<number, SwitchChange>();
  const crossConnects: CrossConnect[] = [];
  for (let i = 0; i < ids.length; i++) {
    const g = [i % gx, Math.floor(i / gx) % gy, Math.floor(i / (gx * gy))];
    const a = tables[i];
    for (let d = 0; d < 3; d++) {
      const q = nextCubePosition(info, g, d);
      const b = tables[q[0] + gx * (q[1] + gy * q[2])];
      for (let k = 0; k < links; k++) {
        const j = d * links + k;
        const s = a.plusSwitch[j];
        if (b.minusSwitch[j] !== s) {
          throw new TopologyInfeasibleError(
            WHERE,
            'face-links-share-ocs',
            `${ids[i]} ${'xyz'[d]}+:${k} and its neighbour's ${'xyz'[d]}-:${k} are fibred to different switches; fix the pod fibres so face-link k of dim d lands on one OCS`,
          );
        }
        const switchId = model.switchIds[s];
        crossConnects.push({ switchId, north: a.plusPort[j], south: b.minusPort[j] });
        let ch = bySwitch.get(s);
        if (!ch) bySwitch.set(s, (ch = { switchId, remove: [], add: [] }));
        ch.add.push({ north: a.plusPort[j], south: b.minusPort[j] });
      }
    }
  }
  return {
    layout: { shape: [req.shape[0], req.shape[1], req.shape[2]], twisted: info.twist !== undefined, cubeEdge: edge, cubes: ids },
    crossConnects,
    changes: [...bySwitch.values()],
    metrics: { cubes: ids.length, crossConnects: crossConnects.length, switchesUsed: bySwitch.size, perSwitch: ids.length },
  };
}
