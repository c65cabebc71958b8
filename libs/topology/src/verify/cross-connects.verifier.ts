/**
 * Verifier: a set of cross-connects is physically valid on a fabric.
 *
 * Checks, each reported as a Violation (never thrown):
 * - I1 north to south of one switch: the switch exists, the north and south ports are integers in
 *   range (a cross-connect can only join a north port to a south port of the same switch);
 * - I1 one owner per port: no port appears in two cross-connects;
 * - F fibres respected: both ends are fibred to an endpoint (an unfibred port carries no link);
 * - I2 health: the switch is healthy, neither port is failed, both endpoints are healthy. Checked on
 *   `healthCheckOnly` when given (e.g. only the cross-connects a plan adds: a failure that happens
 *   under an existing circuit is for repair to fix, not a planning error), else on all.
 *
 * Complexity O(cross-connects + switch ports). Independent of the planners (own index).
 */
import type { CrossConnect, FabricSpec } from '../types';
import { indexForVerifier, type VerifierIndex } from './verifier-index';
import { INVARIANTS, type Violation } from './violation';

export interface VerifyCrossConnectsOptions {
  /** Check health only on these cross-connects (default: on all). Pass [] to skip health checks. */
  healthCheckOnly?: readonly CrossConnect[];
  /** Report at most this many violations (default 1000), so a badly broken plan stays readable. */
  limit?: number;
  /** Reuse an index built for the same spec. */
  index?: VerifierIndex;
}

export function verifyCrossConnects(spec: FabricSpec, crossConnects: readonly CrossConnect[], options: VerifyCrossConnectsOptions = {}): Violation[] {
  const idx = options.index ?? indexForVerifier(spec);
  const limit = options.limit ?? 1000;
  const out: Violation[] = [];
  const report = (v: Violation) => {
    if (out.length < limit) out.push(v);
  };
  const owners = new Map<string, Set<string>>();
  const usedPort = (switchId: string, side: string, port: number, what: string) => {
    const key = `${side}:${port}`;
    let set = owners.get(switchId);
    if (!set) owners.set(switchId, (set = new Set()));
    if (set.has(key)) {
      report({ invariant: INVARIANTS.onePortOneOwner, switchId, message: `${side} port ${port} of ${switchId} is in more than one cross-connect (${what})` });
    }
    set.add(key);
  };
  for (const c of crossConnects) {
    const what = `${c.switchId} ${c.north}->${c.south}`;
    const sw = idx.switches.get(c.switchId);
    if (!sw) {
      report({ invariant: INVARIANTS.northToSouth, switchId: c.switchId, message: `cross-connect ${what} names an unknown switch` });
      continue;
    }
    const inRange = (p: number, max: number) => Number.isInteger(p) && p >= 1 && p <= max;
    if (!inRange(c.north, sw.ports.north) || !inRange(c.south, sw.ports.south)) {
      report({
        invariant: INVARIANTS.northToSouth,
        switchId: c.switchId,
        message: `cross-connect ${what} is outside north 1..${sw.ports.north} / south 1..${sw.ports.south}`,
      });
      continue;
    }
    usedPort(c.switchId, 'north', c.north, what);
    usedPort(c.switchId, 'south', c.south, what);
    const fn = sw.fibres.north[c.north];
    const fs = sw.fibres.south[c.south];
    if (!fn || !fs) {
      report({ invariant: INVARIANTS.fibres, switchId: c.switchId, message: `cross-connect ${what} has an unfibred ${!fn ? 'north' : 'south'} port` });
    }
  }
  const healthSet = options.healthCheckOnly ?? crossConnects;
  for (const c of healthSet) {
    const sw = idx.switches.get(c.switchId);
    if (!sw) continue;
    const what = `${c.switchId} ${c.north}->${c.south}`;
    if (!sw.healthy) report({ invariant: INVARIANTS.health, switchId: c.switchId, message: `cross-connect ${what} is on a switch that is not healthy` });
    if (sw.failed.north.has(c.north) || sw.failed.south.has(c.south)) {
      report({ invariant: INVARIANTS.health, switchId: c.switchId, message: `cross-connect ${what} uses a failed port` });
    }
    for (const f of [sw.fibres.north[c.north], sw.fibres.south[c.south]]) {
      if (f && idx.endpointHealthy.get(f.endpoint) === false) {
        report({ invariant: INVARIANTS.health, switchId: c.switchId, endpoint: f.endpoint, message: `cross-connect ${what} reaches failed endpoint ${f.endpoint}` });
      }
    }
  }
  return out;
}
