import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TopologyInvalidArgumentError } from '../errors';
import { MAX_PORTS_PER_SIDE } from '../spec/fabric-spec.schema';
import { parseFabricSpec } from '../spec/fabric-spec.parser';
import { generateBlockFabric } from './block-fabric.generator';
import { generateCubePod } from './cube-pod.generator';

/** Either the generator refuses the options with an invalid-argument error, or the parser accepts its spec. */
function parsesOrRefuses(generate: () => unknown): void {
  let spec: unknown;
  try {
    spec = generate();
  } catch (e) {
    expect(e).toBeInstanceOf(TopologyInvalidArgumentError);
    return;
  }
  expect(() => parseFabricSpec(JSON.stringify(spec))).not.toThrow();
}

// Sizes around the schema's limits (ports 4096), kept small elsewhere so each run stays fast.
const ports = fc.oneof(fc.integer({ min: -1, max: 200 }), fc.integer({ min: MAX_PORTS_PER_SIDE - 2, max: MAX_PORTS_PER_SIDE + 2 }), fc.constant(5000));
const name = fc.option(fc.string({ maxLength: 8 }), { nil: undefined });

describe('generators never write a spec their parser refuses', () => {
  it('--generate cube-pod --ports-per-ocs 5000 is refused up front (it used to write switches of 5000 ports the parser caps at 4096)', () => {
    expect(() => generateCubePod({ cubes: 8, portsPerOcs: 5000 })).toThrow(TopologyInvalidArgumentError);
    expect(() => generateCubePod({ cubes: 8, portsPerOcs: 5000 })).toThrow(/portsPerOcs must be an integer from 1 to 4096/);
    expect(() => generateBlockFabric({ blocks: 4, uplinks: 8, ocs: 4, portsPerOcs: 5000 })).toThrow(TopologyInvalidArgumentError);
    expect(() => generateCubePod({ cubes: 8, name: '' })).toThrow(TopologyInvalidArgumentError);
  });

  it('cube pods: random options give a parseable spec or an invalid-argument error', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1, max: 40 }), fc.integer({ min: -1, max: 4 }), fc.integer({ min: -1, max: 5 }), ports, name, (cubes, spareCubes, linksPerFace, portsPerOcs, n) =>
        parsesOrRefuses(() => generateCubePod({ cubes, spareCubes, linksPerFace, portsPerOcs, name: n })),
      ),
      { numRuns: 150, seed: 7 },
    );
  });

  it('block fabrics: random options give a parseable spec or an invalid-argument error', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1, max: 12 }), fc.integer({ min: -1, max: 48 }), fc.integer({ min: -1, max: 12 }), ports, name, (blocks, uplinks, ocs, portsPerOcs, n) =>
        parsesOrRefuses(() => generateBlockFabric({ blocks, uplinks, ocs, portsPerOcs, name: n })),
      ),
      { numRuns: 150, seed: 7 },
    );
  });
});
