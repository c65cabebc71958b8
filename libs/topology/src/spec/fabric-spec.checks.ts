/**
 * Cross-field checks of a fabric spec: the rules a JSON Schema cannot express.
 *
 * Rules (each issue names the field path that breaks it):
 * - switch and endpoint ids are unique, across both lists (they share one graph namespace);
 * - a failed port and a fibre's port are within the switch's port count on that side;
 * - a fibre names an existing switch and endpoint;
 * - a switch port is fibred at most once, and an endpoint port label is fibred at most once.
 *
 * Complexity: O(switches + endpoints + fibres) with hash maps; used by the parser and by
 * buildFabricModel, so a spec built in code gets the same checks as one read from a file.
 */
import type { SpecIssue } from '../errors';
import type { FabricSpec } from '../types';

/** Stop collecting after this many issues: a broken 600k-fibre file should not produce 600k lines. */
const MAX_ISSUES = 200;

export function checkFabricSpecReferences(spec: FabricSpec): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const add = (path: string, message: string): boolean => {
    issues.push({ path, message });
    return issues.length >= MAX_ISSUES;
  };
  const switches = new Map<string, { north: number; south: number; owner: Record<'north' | 'south', Int32Array> }>();
  const ids = new Map<string, string>();
  for (let i = 0; i < spec.switches.length; i++) {
    const s = spec.switches[i];
    const seen = ids.get(s.id);
    if (seen !== undefined && add(`switches[${i}].id`, `duplicate id "${s.id}" (already used by ${seen})`)) return issues;
    ids.set(s.id, `switches[${i}]`);
    // Owner arrays per side: fibre index + 1 per port (0 = free). Typed arrays instead of a Map of
    // packed strings: at 640k fibres this keeps the check near 100 ms instead of over a second.
    switches.set(s.id, {
      north: s.northPorts,
      south: s.southPorts,
      owner: { north: new Int32Array(s.northPorts + 1), south: new Int32Array(s.southPorts + 1) },
    });
    for (let j = 0; j < (s.failedPorts ?? []).length; j++) {
      const fp = s.failedPorts![j];
      const max = fp.side === 'north' ? s.northPorts : s.southPorts;
      if (fp.port > max && add(`switches[${i}].failedPorts[${j}].port`, `must be <= ${max} (${fp.side} ports of ${s.id})`)) return issues;
    }
  }
  const labelOwner = new Map<string, Map<string, number>>();
  for (let i = 0; i < spec.endpoints.length; i++) {
    const e = spec.endpoints[i];
    const seen = ids.get(e.id);
    if (seen !== undefined && add(`endpoints[${i}].id`, `duplicate id "${e.id}" (already used by ${seen})`)) return issues;
    ids.set(e.id, `endpoints[${i}]`);
    if (!labelOwner.has(e.id)) labelOwner.set(e.id, new Map());
  }
  for (let i = 0; i < spec.fibres.length; i++) {
    const f = spec.fibres[i];
    const sw = switches.get(f.switchId);
    const labels = labelOwner.get(f.endpoint);
    let stop = false;
    if (!sw) stop = add(`fibres[${i}].switchId`, `unknown switch "${f.switchId}"`);
    if (!labels) stop = add(`fibres[${i}].endpoint`, `unknown endpoint "${f.endpoint}"`) || stop;
    if (sw) {
      const max = f.side === 'north' ? sw.north : sw.south;
      if (f.port > max) stop = add(`fibres[${i}].port`, `must be <= ${max} (${f.side} ports of ${f.switchId})`) || stop;
      else {
        const owner = sw.owner[f.side];
        if (owner[f.port] !== 0) {
          stop = add(`fibres[${i}].port`, `${f.side} port ${f.port} of ${f.switchId} is already fibred by fibres[${owner[f.port] - 1}]`) || stop;
        } else owner[f.port] = i + 1;
      }
    }
    if (labels) {
      const labelSeen = labels.get(f.endpointPort);
      if (labelSeen !== undefined) {
        stop = add(`fibres[${i}].endpointPort`, `port "${f.endpointPort}" of ${f.endpoint} is already fibred by fibres[${labelSeen}]`) || stop;
      } else labels.set(f.endpointPort, i);
    }
    if (stop) return issues;
  }
  return issues;
}
