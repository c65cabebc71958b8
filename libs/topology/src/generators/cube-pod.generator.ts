/**
 * Generator: TPU-v4-style cube pod (ISCA 2023 "TPU v4: An Optically Reconfigurable Supercomputer";
 * numbers in docs/ocs-facts.md).
 *
 * Layout: `cubes` active cubes plus `spareCubes` spares (marked `spare: true`), each with 6 faces x
 * `linksPerFace` optical links. One OCS per dimension d in {x, y, z} and face-link index k
 * (3 x linksPerFace switches, id `ocs-<d>-<k>`): the +d face link k of cube i is fibred to north port
 * i + 1, the -d face link k of cube i to south port i + 1. A cross-connect north(a) -> south(b) on
 * OCS(d, k) therefore makes b the +d neighbour of a. Defaults give the TPU v4 pod: 64 cubes, 16
 * links per face, 48 OCS of 136 x 136 (64 ports used per side).
 *
 * Complexity: O(cubes x 6 x linksPerFace) fibres. Invariant: every cube port is fibred exactly once.
 */
import { TopologyInvalidArgumentError } from '../errors';
import type { EndpointSpec, FabricSpec, Fibre, SwitchSpec } from '../types';
import { CUBE_DIMS, cubePortLabel } from './cube-port-label';
import { nameOption, portsPerOcsOption, sizeOption } from './generator-options';

export interface CubePodOptions {
  /** Active (non-spare) cubes; default 64. */
  cubes?: number;
  /** Optical links per cube face; default 16 (a 4 x 4 face). A perfect square e^2 gives e-chip cubes. */
  linksPerFace?: number;
  /** Ports per side of each OCS; default 136 (Palomar). */
  portsPerOcs?: number;
  /** Extra cubes marked spare, wired like the others; default 0. */
  spareCubes?: number;
  name?: string;
}

export function cubeId(i: number): string {
  return `cube-${i}`;
}

export function cubePodSwitchId(dim: 'x' | 'y' | 'z', k: number): string {
  return `ocs-${dim}-${k}`;
}

const WHERE = 'generateCubePod';

export function generateCubePod(options: CubePodOptions = {}): FabricSpec {
  const cubes = sizeOption(WHERE, 'cubes', options.cubes ?? 64, 1);
  const spares = sizeOption(WHERE, 'spareCubes', options.spareCubes ?? 0, 0);
  const links = sizeOption(WHERE, 'linksPerFace', options.linksPerFace ?? 16, 1);
  const ports = portsPerOcsOption(WHERE, options.portsPerOcs ?? 136);
  const name = nameOption(WHERE, options.name, `cube-pod-${cubes}`);
  const total = cubes + spares;
  if (total > ports) {
    throw new TopologyInvalidArgumentError(
      'generators/generateCubePod',
      `${total} cubes need ${total} ports per OCS side but portsPerOcs is ${ports}; use fewer cubes or larger switches`,
    );
  }
  const switches: SwitchSpec[] = [];
  for (const d of CUBE_DIMS) {
    for (let k = 0; k < links; k++) switches.push({ id: cubePodSwitchId(d, k), northPorts: ports, southPorts: ports });
  }
  const endpoints: EndpointSpec[] = [];
  const fibres: Fibre[] = [];
  for (let i = 0; i < total; i++) {
    const id = cubeId(i);
    endpoints.push(i < cubes ? { id, kind: 'cube' } : { id, kind: 'cube', spare: true });
    for (const d of CUBE_DIMS) {
      for (let k = 0; k < links; k++) {
        const switchId = cubePodSwitchId(d, k);
        fibres.push({ endpoint: id, endpointPort: cubePortLabel(d, '+', k), switchId, side: 'north', port: i + 1 });
        fibres.push({ endpoint: id, endpointPort: cubePortLabel(d, '-', k), switchId, side: 'south', port: i + 1 });
      }
    }
  }
  return { version: 1, name, switches, endpoints, fibres };
}
