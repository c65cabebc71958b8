/**
 * checkLinkDemands: the rules every list of link demands must meet before a planner sees it (mesh
 * and rewire targets, links intents, hence the reservations API's `endpoints`), in one place so the
 * orchestrator and the CLI refuse alike. O(demands + fibres).
 *
 * Rules, in the order checked (the first broken one is thrown, naming the entry's field path):
 * - both endpoints are in the fabric (TopologyNotFoundError);
 * - `a !== b` unless the spec sets `allowLoopbacks: true` (TopologyInvalidArgumentError, rule
 *   `no-loopback`): a circuit from an endpoint to itself carries no traffic between endpoints and is
 *   almost always a typo, and a mesh used to drop it silently while a reservation lit it;
 * - the links asked of each ordered pair, summed over repeated entries, fit the ports the fabric
 *   fibres to a (north) and to b (south) (TopologyInfeasibleError, rule `degree-exceeds-ports`, as
 *   the mesh realisation says for an endpoint's total). This is the documented maximum of a count,
 *   and it keeps every count far inside the planners' 32-bit matrices: a count of 2^32 + 1 once
 *   wrapped to 1. An undirected entry (`directed: false`) may use both directions, so its limit is
 *   min(north a, south b) + min(north b, south a), per unordered pair.
 */
import { TopologyInfeasibleError, TopologyInvalidArgumentError, TopologyNotFoundError } from '../errors';
import type { FabricSpec, LinkDemand } from '../types';

export function checkLinkDemands(spec: FabricSpec, demands: readonly LinkDemand[], where: string, field: string): void {
  const endpoints = new Set(spec.endpoints.map((e) => e.id));
  // Fibred ports per endpoint and side. One Map per side, not `${side}:${endpoint}` keys: a
  // 1,000-OCS fabric has 640,000 fibres, and a template string per fibre cost half a second.
  const northPorts = new Map<string, number>();
  const southPorts = new Map<string, number>();
  for (const f of spec.fibres) {
    const m = f.side === 'north' ? northPorts : southPorts;
    m.set(f.endpoint, (m.get(f.endpoint) ?? 0) + 1);
  }
  const perPair = new Map<string, number>();
  demands.forEach((d, i) => {
    for (const e of [d.a, d.b]) {
      if (!endpoints.has(e)) throw new TopologyNotFoundError(where, `${field}[${i}] names endpoint ${e}, which is not in fabric ${spec.name}: use an endpoint id from the fabric spec`);
    }
    if (d.a === d.b && spec.allowLoopbacks !== true) {
      throw new TopologyInvalidArgumentError(
        where,
        `${field}[${i}] asks for links from ${d.a} to itself; loopback circuits are refused unless the fabric spec sets allowLoopbacks: true (docs/fabric-spec.md): name two different endpoints`,
        'no-loopback',
      );
    }
    // An undirected entry may use either direction: a's north with b's south, or b's north with a's south.
    const undirected = d.directed === false;
    const key = undirected ? `~${[d.a, d.b].sort().join('\u0000')}` : `${d.a}\u0000${d.b}`;
    const sum = (perPair.get(key) ?? 0) + d.links;
    perPair.set(key, sum);
    const north = northPorts.get(d.a) ?? 0;
    const south = southPorts.get(d.b) ?? 0;
    const most = undirected && d.a !== d.b ? Math.min(north, south) + Math.min(northPorts.get(d.b) ?? 0, southPorts.get(d.a) ?? 0) : Math.min(north, south);
    if (sum > most) {
      const fibred = undirected
        ? `the ports the fabric fibres to ${d.a} and ${d.b} carry at most ${most} in the two directions together`
        : `the fabric fibres only ${north} north ports to ${d.a} and ${south} south ports to ${d.b}`;
      throw new TopologyInfeasibleError(where, 'degree-exceeds-ports', `${field}[${i}]: ${d.a} ${undirected ? '<->' : '->'} ${d.b} asks for ${sum} links in all but ${fibred}; ask for at most ${most}`);
    }
  });
}
