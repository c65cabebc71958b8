/**
 * Links intent -> new circuits between endpoint pairs on free ports, touching nothing else.
 *
 * For a job that needs a number of links from endpoint a (north side) to endpoint b (south side)
 * without disturbing anyone else's circuits: unlike a mesh (which realises the whole fabric's
 * target and may move other circuits), every link here is an addition on a switch where a has a free
 * north port and b a free south port. Free = fibred, on a healthy switch and port, in no current
 * circuit and not in `excludePorts` (ports other tenants hold). Greedy in switch order, O(fibres).
 * Lower bound: the requested links themselves, which is what it builds, or it refuses with rule
 * `not-enough-free-ports` and changes nothing.
 */
import { TopologyInfeasibleError } from '../errors';
import { diffCrossConnects } from '../model/cross-connect-diff';
import type { CrossConnect, FabricSpec } from '../types';
import type { HandlerResult } from './assemble-plan';
import type { LinksIntent } from './intent.schema';
import { checkLinkDemands } from './link-demands.check';

const WHERE = 'plan/handleLinks';

export function handleLinks(spec: FabricSpec, intent: LinksIntent, current: CrossConnect[]): HandlerResult {
  checkLinkDemands(spec, intent.links, WHERE, 'links');
  const taken = new Set<string>([
    ...current.flatMap((c) => [`${c.switchId}:north:${c.north}`, `${c.switchId}:south:${c.south}`]),
    ...(intent.excludePorts ?? []).map((p) => `${p.switchId}:${p.side}:${p.port}`),
  ]);
  const usable = new Set(spec.switches.filter((s) => (s.health ?? 'ok') === 'ok').map((s) => s.id));
  for (const s of spec.switches) for (const p of s.failedPorts ?? []) taken.add(`${s.id}:${p.side}:${p.port}`);
  const added: CrossConnect[] = [];
  for (const d of intent.links) {
    let left = d.links;
    for (const s of spec.switches) {
      if (left === 0) break;
      if (!usable.has(s.id)) continue;
      const free = (endpoint: string, side: 'north' | 'south') =>
        spec.fibres.filter((f) => f.switchId === s.id && f.endpoint === endpoint && f.side === side && !taken.has(`${s.id}:${side}:${f.port}`)).map((f) => f.port);
      const norths = free(d.a, 'north');
      const souths = free(d.b, 'south');
      for (let i = 0; i < Math.min(norths.length, souths.length) && left > 0; i++, left--) {
        taken.add(`${s.id}:north:${norths[i]}`);
        taken.add(`${s.id}:south:${souths[i]}`);
        added.push({ switchId: s.id, north: norths[i], south: souths[i] });
      }
    }
    if (left > 0) {
      throw new TopologyInfeasibleError(
        WHERE,
        'not-enough-free-ports',
        `${d.a} -> ${d.b} needs ${d.links} links but only ${d.links - left} pairs of free ports are left on the switches both reach; release circuits or ask for fewer links`,
      );
    }
  }
  const changes = diffCrossConnects([], added);
  const n = added.length;
  return {
    after: [...current, ...added],
    changes,
    counts: { removed: 0, added: n, touched: n, modified: n },
    lowerBound: { touched: n },
    // Additions only, on free ports: one stage takes no capacity down.
    stages: changes.length > 0 ? [{ index: 0, changes }] : [],
    stageLowerBound: changes.length > 0 ? 1 : 0,
    details: { links: intent.links },
  };
}
