/**
 * `--generate cube-pod|block-fabric`: emit a generated fabric spec (JSON or YAML) to start from.
 */
import { dump } from 'js-yaml';
import { generateBlockFabric, generateCubePod, TopologyInvalidArgumentError, type FabricSpec } from '@lightpath/topology';

export type GenerateKind = 'cube-pod' | 'block-fabric';

export interface GenerateArgs {
  kind: string;
  cubes?: number;
  spareCubes?: number;
  linksPerFace?: number;
  portsPerOcs?: number;
  blocks?: number;
  uplinks?: number;
  ocs?: number;
  name?: string;
  format?: string;
}

export function generateSpec(a: GenerateArgs): FabricSpec {
  if (a.kind === 'cube-pod') {
    return generateCubePod({ cubes: a.cubes, spareCubes: a.spareCubes, linksPerFace: a.linksPerFace, portsPerOcs: a.portsPerOcs, name: a.name });
  }
  if (a.kind === 'block-fabric') {
    return generateBlockFabric({ blocks: a.blocks, uplinks: a.uplinks, ocs: a.ocs, portsPerOcs: a.portsPerOcs, name: a.name });
  }
  throw new TopologyInvalidArgumentError('topology-cli/generate', `unknown generator "${a.kind}"; use cube-pod or block-fabric`);
}

export function renderSpec(spec: FabricSpec, format = 'yaml'): string {
  if (format === 'json') return `${JSON.stringify(spec, null, 2)}\n`;
  if (format === 'yaml') return dump(spec, { flowLevel: 3 });
  throw new TopologyInvalidArgumentError('topology-cli/generate', `unknown format "${format}"; use json or yaml`);
}
