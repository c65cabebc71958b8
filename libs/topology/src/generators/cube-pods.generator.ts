/**
 * Generator: several TPU-v4-style cube pods in one fabric (the view of a scheduler placing slices
 * over many pods), each exactly generateCubePod's pod with its ids prefixed `pod<p>-` (cubes
 * `pod0-cube-3`, switches `pod0-ocs-x-0`). Cubes of different pods share no OCS, so no slice spans
 * two pods; that is what makes placement across pods a packing problem (slices/placement-score.ts).
 *
 * Complexity: pods x generateCubePod's.
 */
import type { FabricSpec } from '../types';
import { generateCubePod, type CubePodOptions } from './cube-pod.generator';
import { nameOption, sizeOption } from './generator-options';

export interface CubePodsOptions extends Omit<CubePodOptions, 'name'> {
  /** Number of pods; default 2. */
  pods?: number;
  name?: string;
}

export function generateCubePods(options: CubePodsOptions = {}): FabricSpec {
  const pods = sizeOption('generateCubePods', 'pods', options.pods ?? 2, 1);
  const name = nameOption('generateCubePods', options.name, `cube-pods-${pods}`);
  const out: FabricSpec = { version: 1, name, switches: [], endpoints: [], fibres: [] };
  for (let p = 0; p < pods; p++) {
    const pod = generateCubePod({ ...options, name: `${name}-${p}` });
    const id = (x: string) => `pod${p}-${x}`;
    out.switches.push(...pod.switches.map((s) => ({ ...s, id: id(s.id) })));
    out.endpoints.push(...pod.endpoints.map((e) => ({ ...e, id: id(e.id) })));
    out.fibres.push(...pod.fibres.map((f) => ({ ...f, endpoint: id(f.endpoint), switchId: id(f.switchId) })));
  }
  return out;
}
