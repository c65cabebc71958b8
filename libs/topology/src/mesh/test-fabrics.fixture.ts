/**
 * Test fixtures shared by the specs of mesh/, rewire/, staging/, traffic/ and repair-ports/:
 * small random fabrics and feasible random demands. Not exported from the library.
 */
import fc from 'fast-check';
import { generateBlockFabric } from '../generators/block-fabric.generator';
import type { FabricSpec } from '../types';

import { buildPortIndex } from './port-index.build';
import { churn, randomDemand, rng } from './random-instances';
import { realiseMesh } from './realise-mesh';

export { churn, randomDemand, rng, shuffle } from './random-instances';
export { j64BenchInstances } from './j64-bench-instances';

export interface BlockCase {
  blocks: number;
  ocs: number;
  perSide: number;
  seed: number;
}

export const blockCase: fc.Arbitrary<BlockCase> = fc.record({
  blocks: fc.integer({ min: 2, max: 9 }),
  ocs: fc.integer({ min: 1, max: 12 }),
  perSide: fc.integer({ min: 1, max: 2 }),
  seed: fc.integer({ min: 1, max: 2 ** 30 }),
});

export function blockFabric(c: BlockCase): FabricSpec {
  return generateBlockFabric({ blocks: c.blocks, ocs: c.ocs, uplinks: 2 * c.ocs * c.perSide, portsPerOcs: c.blocks * c.perSide + 1 });
}

/**
 * A rewiring instance on blockFabric(c): a random demand (a share `dropShare` of circuits dropped)
 * realised as today's circuits, and a target that moves `pct`% of its links (at least one).
 */
export function churnedInstance(c: BlockCase, pct: number, dropShare: number) {
  const spec = blockFabric(c);
  const index = buildPortIndex(spec);
  const rand = rng(c.seed);
  const demand = randomDemand(c.blocks, c.ocs * c.perSide, rand, dropShare);
  const before = realiseMesh(index, demand).crossConnects;
  let links = 0;
  for (const x of demand) links += x;
  const target = churn(demand, c.blocks, Math.max(1, Math.round((pct / 100) * links)), rand);
  return { spec, index, before, target };
}

/**
 * A block fabric with one port per block per side on every OCS (each switch a permutation, every
 * port in use), its mesh, and a link-count churn of `moved` links: the fabrics of swap chains.
 */
export function permutationBlockInstance(blocks: number, ocs: number, seed: number, moved: number) {
  const spec = generateBlockFabric({ blocks, uplinks: 2 * ocs, ocs, portsPerOcs: blocks });
  const index = buildPortIndex(spec);
  const rand = rng(seed);
  const demand = randomDemand(blocks, ocs, rand);
  const before = realiseMesh(index, demand).crossConnects;
  return { spec, index, before, target: churn(demand, blocks, moved, rand) };
}
