/**
 * Mesh and rewire intents -> the target link counts as one matching per OCS.
 *
 * From an empty fabric the mesh is realised directly (edge colouring, mesh/realise-mesh.ts). With
 * current circuits the same target is reached by minimal rewiring (rewire/plan-rewire.ts), which
 * keeps every circuit it can; re-factorising from scratch would move most of them. `budgetMs` is the
 * rewiring's time budget (plan-rewire-budgeted.ts).
 *
 * Undirected entries (`directed: false`, or the intent's default): the split into north -> south
 * circuits is the planner's (rewire/direction-split.ts: the split closest to today's circuits within
 * every endpoint's ports). The entries as written (a north, b south) are a second candidate when
 * they fit, so an undirected request never costs more than the same request read as directed
 * (construction alone; the search then only improves). When every entry is undirected the search
 * may change the split too. The verifier checks the undirected counts against the intent itself.
 */
import { TopologyInvalidArgumentError } from '../errors';
import { linkMatrixFromDemands, linkMatrixToDemands } from '../mesh/link-matrix';
import { buildPortIndex, type PortIndex } from '../mesh/port-index.build';
import { realiseMesh } from '../mesh/realise-mesh';
import { checkMeshDemand } from '../mesh/virtual-sides';
import { chooseDirectionSplit } from '../rewire/direction-split';
import { planRewireAmong } from '../rewire/plan-rewire-budgeted';
import { groupOldCircuits } from '../rewire/rewire-ilp.build';
import type { CrossConnect, FabricSpec, LinkDemand } from '../types';
import type { HandlerResult } from './assemble-plan';
import { checkLinkDemands } from './link-demands.check';

export interface MeshOptions {
  budgetMs?: number;
  /** Default direction of entries that do not say (the intent's `directed`); default true. */
  directed?: boolean;
}

export async function handleMesh(spec: FabricSpec, target: LinkDemand[], current: CrossConnect[], kind: 'mesh' | 'rewire', options: MeshOptions = {}): Promise<HandlerResult> {
  const where = `plan/${kind}`;
  const entries = target.map((d) => ({ ...d, directed: d.directed ?? options.directed ?? true }));
  checkLinkDemands(spec, entries, where, kind === 'mesh' ? 'links' : 'target');
  const index = buildPortIndex(spec);
  const directedPart = entries.filter((d) => d.directed);
  const undirectedPart = entries.filter((d) => !d.directed);
  const asWritten = linkMatrixFromDemands(index, entries, where);
  if (current.length === 0 && kind === 'rewire') {
    throw new TopologyInvalidArgumentError('plan/rewire', 'a rewire intent needs the current cross-connects (the CLI\'s --current, the orchestrator\'s actual state); on an empty fabric use a mesh intent');
  }
  let candidates = [asWritten];
  let undirectedBound: number | undefined;
  if (undirectedPart.length > 0) {
    const today = usableMatrix(index, current);
    const split = await chooseDirectionSplit(index, today, linkMatrixFromDemands(index, directedPart, where), linkMatrixFromDemands(index, undirectedPart, where), where);
    undirectedBound = 0;
    for (let i = 0; i < split.length; i++) undirectedBound += Math.abs(split[i] - today[i]);
    candidates = [split];
    if (current.length > 0 && !sameMatrix(split, asWritten) && fits(index, asWritten)) candidates.push(asWritten);
  }
  // The verifier's check: directed entries exactly, undirected ones per unordered pair (below).
  const verifyUndirected = undirectedPart.length > 0 ? { expectUndirectedLinks: entries.map(({ a, b, links }) => ({ a, b, links })) } : {};
  if (current.length === 0) {
    const matrix = candidates[0];
    const mesh = realiseMesh(index, matrix);
    const bySwitch = new Map<string, { switchId: string; remove: never[]; add: { north: number; south: number }[] }>();
    for (const c of mesh.crossConnects) {
      let ch = bySwitch.get(c.switchId);
      if (!ch) bySwitch.set(c.switchId, (ch = { switchId: c.switchId, remove: [], add: [] }));
      ch.add.push({ north: c.north, south: c.south });
    }
    const n = mesh.crossConnects.length;
    return {
      after: mesh.crossConnects,
      changes: [...bySwitch.values()],
      counts: { removed: 0, added: n, touched: n, modified: n },
      lowerBound: { touched: n },
      expectLinks: linkMatrixToDemands(index, matrix),
      ...verifyUndirected,
      details: { method: 'edge-colouring', circuitsPerSwitch: mesh.perSwitch },
      portIndex: index,
    };
  }
  const allUndirected = directedPart.length === 0;
  const plan = await planRewireAmong(index, current, candidates, { budgetMs: options.budgetMs, directed: !allUndirected });
  return {
    after: plan.crossConnects,
    changes: plan.changes,
    counts: plan.counts,
    // Undirected: the split closest to today has the least plain bound of every split the ports
    // allow, so its bound (plus the forced removals) holds whatever split the plan ends with.
    lowerBound: { touched: undirectedBound === undefined ? plan.lowerBound : plan.lowerBound - boundOf(index, current, plan.target) + undirectedBound },
    // With every entry undirected the search may change the split: only the per-pair check applies.
    ...(allUndirected && undirectedPart.length > 0 ? {} : { expectLinks: linkMatrixToDemands(index, plan.target) }),
    ...verifyUndirected,
    details: {
      method: 'minimal-rewiring',
      movedKept: plan.movedKept,
      search: plan.search,
      ...(undirectedPart.length > 0 ? { split: plan.target === candidates[0] ? 'closest-to-today' : 'as-written' } : {}),
    },
    portIndex: index,
  };
}

/** Today's links over usable circuits (what the plain bound counts against). */
function usableMatrix(index: PortIndex, current: readonly CrossConnect[]): Int32Array {
  const E = index.endpoints.length;
  const m = new Int32Array(E * E);
  for (const byPair of groupOldCircuits(index, current).old) for (const [p, list] of byPair) m[p] += list.length;
  return m;
}

/** Plain bound of a target against today's usable circuits, without the forced removals. */
function boundOf(index: PortIndex, current: readonly CrossConnect[], target: Int32Array): number {
  const today = usableMatrix(index, current);
  let b = 0;
  for (let i = 0; i < target.length; i++) b += Math.abs(target[i] - today[i]);
  return b;
}

function sameMatrix(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function fits(index: PortIndex, m: Int32Array): boolean {
  try {
    checkMeshDemand(index, m, 'plan/mesh');
    return true;
  } catch {
    return false;
  }
}
