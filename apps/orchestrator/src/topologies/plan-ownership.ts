/**
 * Circuit owners as planner input (docs/api.md, "Circuit owners"): which of the fabric's current
 * circuits a topology's plan may change, which it must treat as fixed, and whose circuits a plan
 * displaces. Pure functions over plain data, so the planner service stays I/O only and the rule
 * can move with the planner input whatever engine runs the plan.
 *
 * The rule: a topology plans over its own circuits; every other owner's circuit is fixed (its
 * ports are passed to the planner as unavailable, so the plan goes around it). Only when no plan
 * exists that way is it planned again with the other owners' circuits movable, except
 * reservations' (they move only under the preemption rules): planned as if their ports were free,
 * and the circuits its new ones land on are the displacement the caller must accept with
 * `displace: true` (displace-plan.ts).
 */
import { MANUAL_OWNER, mayDisplace, type CircuitOwner, type DisplacePolicy } from '@lightpath/contracts';
import type { CrossConnect, Intent, PortFailure } from '@lightpath/topology';
import { roleAtLeast, type Role } from '@lightpath/contracts';

export interface OwnedCircuit extends CrossConnect {
  owner: CircuitOwner;
}

/** Other owners' circuits a plan removes, grouped by owner (owners and circuits sorted for a stable answer). */
export interface Displacement {
  owner: CircuitOwner;
  circuits: CrossConnect[];
}

/** Intents that only add on free ports: they never move anyone's circuit, so owners do not change their plan. */
const ADD_ONLY: ReadonlySet<Intent['kind']> = new Set(['slice', 'links', 'circuits']);

export const addsOnly = (intent: Intent): boolean => ADD_ONLY.has(intent.kind);

/** The current circuits with their owners (`manual` when none is stored). */
export function withOwners(current: CrossConnect[], owners: Map<string, Map<number, CircuitOwner>>): OwnedCircuit[] {
  return current.map((c) => ({ ...c, owner: owners.get(c.switchId)?.get(c.north) ?? MANUAL_OWNER }));
}

/** Splits the circuits into `self`'s own, which its plan may change, and every other owner's (`fixed`). */
export function splitForPlan(circuits: OwnedCircuit[], self: CircuitOwner) {
  const plan: CrossConnect[] = [];
  const fixed: OwnedCircuit[] = [];
  for (const c of circuits) {
    if (c.owner === self) plan.push({ switchId: c.switchId, north: c.north, south: c.south });
    else fixed.push(c);
  }
  return { plan, fixed };
}

/** Both ports of each fixed circuit, as the planner's unavailable ports (no new circuit lands there). */
export function portsOf(fixed: CrossConnect[]): PortFailure[] {
  return fixed.flatMap((c) => [
    { type: 'port' as const, switchId: c.switchId, side: 'north' as const, port: c.north },
    { type: 'port' as const, switchId: c.switchId, side: 'south' as const, port: c.south },
  ]);
}

/** Circuits grouped by owner, owners and circuits sorted for a stable answer. */
export function groupByOwner(circuits: OwnedCircuit[]): Displacement[] {
  const byOwner = new Map<CircuitOwner, CrossConnect[]>();
  for (const c of circuits) byOwner.set(c.owner, [...(byOwner.get(c.owner) ?? []), { switchId: c.switchId, north: c.north, south: c.south }]);
  const order = (a: CrossConnect, b: CrossConnect) => a.switchId.localeCompare(b.switchId) || a.north - b.north;
  return [...byOwner.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([owner, cs]) => ({ owner, circuits: cs.sort(order) }));
}

/**
 * Whose circuits a caller's topology may displace with `displace: true`: a scheduler only other
 * topologies' (they are schedulers' work too); an operator or admin also manual and repair ones.
 * Never a reservation's (preemption rules only).
 */
export function displacePolicyFor(role: Role): DisplacePolicy {
  return roleAtLeast(role, 'operator') ? 'others' : roleAtLeast(role, 'scheduler') ? 'topologies' : 'none';
}

/** The displacements `policy` does not allow for `self`. */
export function notAllowed(displaced: Displacement[], policy: DisplacePolicy, self: CircuitOwner): Displacement[] {
  return displaced.filter((d) => !mayDisplace(policy, self, d.owner));
}

/** One line per owner for error messages: "manual: ocs-1 N1-S5, ocs-2 N3-S4; topology:b: ...". */
export function describeDisplacements(displaced: Displacement[], max = 10): string {
  return displaced
    .map((d) => {
      const shown = d.circuits.slice(0, max).map((c) => `${c.switchId} N${c.north}-S${c.south}`);
      return `${d.owner}: ${shown.join(', ')}${d.circuits.length > max ? ` and ${d.circuits.length - max} more` : ''}`;
    })
    .join('; ');
}
