import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { TopologySpecError } from '../errors';
import { generateCubePod } from '../generators/cube-pod.generator';
import { parseFabricSpec } from './fabric-spec.parser';
import { fabricSpecJsonSchema } from './fabric-spec.schema';

function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    parseFabricSpec(input);
  } catch (e) {
    expect(e).toBeInstanceOf(TopologySpecError);
    return (e as TopologySpecError).issues;
  }
  throw new Error('expected a TopologySpecError');
}

describe('parseFabricSpec', () => {
  const pod = generateCubePod({ cubes: 2, linksPerFace: 1, portsPerOcs: 4 });

  it('reads the same spec from JSON and from YAML', () => {
    expect(parseFabricSpec(JSON.stringify(pod))).toEqual(pod);
    expect(parseFabricSpec(dump(pod))).toEqual(pod);
  });

  it('names the offending field path for a port beyond the switch', () => {
    const bad = structuredClone(pod);
    bad.fibres[5].port = 9;
    expect(issuesOf(bad)).toEqual([{ path: 'fibres[5].port', message: 'must be <= 4 (south ports of ocs-z-0)' }]);
  });

  it('reports structural problems with their paths, all at once', () => {
    const bad = structuredClone(pod) as unknown as Record<string, unknown[]>;
    (bad.switches[0] as Record<string, unknown>).nothPorts = 3;
    (bad.fibres[1] as Record<string, unknown>).side = 'east';
    const paths = issuesOf(bad).map((i) => i.path);
    expect(paths).toContain('switches[0]');
    expect(paths).toContain('fibres[1].side');
  });

  it('rejects unknown references, double-fibred ports and duplicate ids', () => {
    const bad = structuredClone(pod);
    bad.fibres[0].switchId = 'ocs-q';
    bad.fibres[3] = { ...bad.fibres[1], endpointPort: 'extra' };
    bad.endpoints.push({ id: 'ocs-x-0', kind: 'host' });
    const issues = issuesOf(bad);
    expect(issues.map((i) => i.path)).toEqual(['endpoints[2].id', 'fibres[0].switchId', 'fibres[3].port']);
    expect(issues[2].message).toMatch(/already fibred by fibres\[1\]/);
  });

  it('refuses a spec version it does not know, naming the field', () => {
    expect(issuesOf({ ...pod, version: 2 })).toEqual([{ path: 'version', message: 'unsupported spec version; this build reads version 1' }]);
  });

  it('reports malformed YAML as a spec error at the root', () => {
    expect(issuesOf('switches: [\n  - id: a\n  bad')[0].path).toBe('(root)');
  });

  it('keeps docs/fabric-spec.schema.json in step with the zod schema', () => {
    const file = resolve(__dirname, '../../../../docs/fabric-spec.schema.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(fabricSpecJsonSchema());
  });
});
