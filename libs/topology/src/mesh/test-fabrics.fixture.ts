/**
 * Test fixtures shared by the specs of mesh/, rewire/, staging/, traffic/ and repair-ports/:
 * small random fabrics and feasible random demands. Not exported from the library.
 */
import fc from 'fast-check';
import { generateBlockFabric } from '../generators/block-fabric.generator';
import type { FabricSpec } from '../types';

export { churn, randomDemand, rng, shuffle } from './random-instances';

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

