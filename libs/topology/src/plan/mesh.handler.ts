/**
 * Mesh and rewire intents -> the target link counts as one matching per OCS.
 *
 * From an empty fabric the mesh is realised directly (edge colouring, mesh/realise-mesh.ts). With
 * current circuits the same target is reached by minimal rewiring (rewire/plan-rewire.ts), which
 * keeps every circuit it can; re-factorising from scratch would move most of them. `budgetMs` is the
 * rewiring's time budget (plan-rewire-budgeted.ts).
 */
import { TopologyInvalidArgumentError } from '../errors';
import { linkMatrixFromDemands } from '../mesh/link-matrix';
import { buildPortIndex } from '../mesh/port-index.build';
import { realiseMesh } from '../mesh/realise-mesh';
import { planRewireWithin } from '../rewire/plan-rewire-budgeted';
import type { CrossConnect, FabricSpec, LinkDemand } from '../types';
import type { HandlerResult } from './assemble-plan';
import { checkLinkDemands } from './link-demands.check';

export async function handleMesh(spec: FabricSpec, target: LinkDemand[], current: CrossConnect[], kind: 'mesh' | 'rewire', budgetMs?: number): Promise<HandlerResult> {
  checkLinkDemands(spec, target, `plan/${kind}`, kind === 'mesh' ? 'links' : 'target');
  const index = buildPortIndex(spec);
  const matrix = linkMatrixFromDemands(index, target, `plan/${kind}`);
  if (current.length === 0) {
    if (kind === 'rewire') {
      throw new TopologyInvalidArgumentError('plan/rewire', 'a rewire intent needs the current cross-connects (the CLI\'s --current, the orchestrator\'s actual state); on an empty fabric use a mesh intent');
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
  const plan = await planRewireWithin(index, current, matrix, { budgetMs });
  return {
    after: plan.crossConnects,
    changes: plan.changes,
    counts: plan.counts,
    lowerBound: { touched: plan.lowerBound },
    expectLinks: target,
    details: { method: 'minimal-rewiring', movedKept: plan.movedKept, search: plan.search },
  };
}
