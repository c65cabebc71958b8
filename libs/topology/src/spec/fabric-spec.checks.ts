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
  const switches = new Map<string, { north: number; south: number; index: number }>();
  const ids = new Map<string, string>();
  for (let i = 0; i < spec.switches.length; i++) {
    const s = spec.switches[i];
    const seen = ids.get(s.id);
    if (seen !== undefined && add(`switches[${i}].id`, `duplicate id "${s.id}" (already used by ${seen})`)) return issues;
    ids.set(s.id, `switches[${i}]`);
    switches.set(s.id, { north: s.northPorts, south: s.southPorts, index: i });
    for (let j = 0; j < (s.failedPorts ?? []).length; j++) {
      const fp = s.failedPorts![j];
      const max = fp.side === 'north' ? s.northPorts : s.southPorts;
      if (fp.port > max && add(`switches[${i}].failedPorts[${j}].port`, `must be <= ${max} (${fp.side} ports of ${s.id})`)) return issues;
    }
  }
  const endpoints = new Set<string>();
  for (let i = 0; i < spec.endpoints.length; i++) {
    const e = spec.endpoints[i];
    const seen = ids.get(e.id);
    if (seen !== undefined && add(`endpoints[${i}].id`, `duplicate id "${e.id}" (already used by ${seen})`)) return issues;
    ids.set(e.id, `endpoints[${i}]`);
    endpoints.add(e.id);
  }
  // Port owners keyed by a packed string; at 600k fibres a Map of strings stays well under a second.
  const portOwner = new Map<string, number>();
  const labelOwner = new Map<string, number>();
  for (let i = 0; i < spec.fibres.length; i++) {
    const f = spec.fibres[i];
    const sw = switches.get(f.switchId);
    let stop = false;
    if (!sw) stop = add(`fibres[${i}].switchId`, `unknown switch "${f.switchId}"`);
    if (!endpoints.has(f.endpoint)) stop = add(`fibres[${i}].endpoint`, `unknown endpoint "${f.endpoint}"`) || stop;
    if (sw) {
      const max = f.side === 'north' ? sw.north : sw.south;
      if (f.port > max) stop = add(`fibres[${i}].port`, `must be <= ${max} (${f.side} ports of ${f.switchId})`) || stop;
      const key = `${f.switchId}\u0000${f.side}\u0000${f.port}`;
      const owner = portOwner.get(key);
      if (owner !== undefined) {
        stop = add(`fibres[${i}].port`, `${f.side} port ${f.port} of ${f.switchId} is already fibred by fibres[${owner}]`) || stop;
      } else portOwner.set(key, i);
    }
    const labelKey = `${f.endpoint}\u0000${f.endpointPort}`;
    const labelSeen = labelOwner.get(labelKey);
    if (labelSeen !== undefined) {
      stop = add(`fibres[${i}].endpointPort`, `port "${f.endpointPort}" of ${f.endpoint} is already fibred by fibres[${labelSeen}]`) || stop;
    } else labelOwner.set(labelKey, i);
    if (stop) return issues;
  }
  return issues;
}
