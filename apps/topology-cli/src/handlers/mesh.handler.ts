/**
 * Mesh and rewire intents -> the target link counts as one matching per OCS.
 *
 * From an empty fabric the mesh is realised directly (edge colouring, mesh/realise-mesh.ts). With
 * current circuits the same target is reached by minimal rewiring (rewire/plan-rewire.ts), which
 * keeps every circuit it can; re-factorising from scratch would move most of them.
 */
import {
  buildPortIndex,
  linkMatrixFromDemands,
  planRewire,
  realiseMesh,
  TopologyInvalidArgumentError,
  type CrossConnect,
  type FabricSpec,
  type LinkDemand,
} from '@lightpath/topology';
import type { HandlerResult } from '../plan-output';

export function handleMesh(spec: FabricSpec, target: LinkDemand[], current: CrossConnect[], kind: 'mesh' | 'rewire'): HandlerResult {
  const index = buildPortIndex(spec);
  const matrix = linkMatrixFromDemands(index, target, `topology-cli/${kind}`);
  if (current.length === 0) {
    if (kind === 'rewire') {
      throw new TopologyInvalidArgumentError('topology-cli/rewire', 'a rewire intent needs the current cross-connects; pass --current current.json');
    }
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
      expectLinks: target,
      details: { method: 'edge-colouring', circuitsPerSwitch: mesh.perSwitch },
    };
  }
  const plan = planRewire(index, current, matrix);
  return {
    after: plan.crossConnects,
    changes: plan.changes,
    counts: plan.counts,
    lowerBound: { touched: plan.lowerBound },
    expectLinks: target,
    details: { method: 'minimal-rewiring', movedKept: plan.movedKept },
  };
}
