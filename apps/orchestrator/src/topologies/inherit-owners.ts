/**
 * inheritOwners: a repair's plan (drain, cube replacement, reroute) moves circuits; each moved
 * circuit keeps its owner (a circuit rerouted for a topology stays that topology's).
 *
 * The planners return change sets, not moves, so a move is recovered by matching each added
 * circuit to a removed one, greedily, in two passes: first a removal on the same switch sharing a
 * port with it (a cube swapped for a spare keeps the far end; a port repair keeps the other side),
 * then a removal anywhere joining the same two endpoints (a drained OCS's link re-homed on another
 * OCS). An addition that matches nothing is the repair's own (`repair`). O(changes + fibres).
 */
import { MANUAL_OWNER, ownersSeen, REPAIR_OWNER, type CircuitOwner } from '@lightpath/contracts';
import type { FabricSpec, SwitchChange } from '@lightpath/topology';
import type { OwnedCircuit } from './plan-ownership';

interface Removed {
  switchId: string;
  north: number;
  south: number;
  owner: CircuitOwner;
  used: boolean;
}

/** `<switchId>/<north>` of each added circuit -> the owner it keeps; additions absent here are `repair`'s. */
export function inheritOwners(spec: FabricSpec, changes: SwitchChange[], circuits: OwnedCircuit[]): Record<string, CircuitOwner> {
  return matchMoves(spec, changes, circuits).inherited;
}

/**
 * The repair's moves as inheritOwners finds them, and the removed circuits no addition replaces:
 * those the plan drops (a failed OCS whose links find no spare ports elsewhere: `linksLost`).
 */
export function matchMoves(spec: FabricSpec, changes: SwitchChange[], circuits: OwnedCircuit[]): { inherited: Record<string, CircuitOwner>; dropped: OwnedCircuit[] } {
  const endpointAt = new Map(spec.fibres.map((f) => [`${f.switchId}/${f.side}/${f.port}`, f.endpoint]));
  const ownerOf = new Map(circuits.map((c) => [`${c.switchId}/${c.north}/${c.south}`, c.owner]));
  const linkOf = (switchId: string, north: number, south: number) => `${endpointAt.get(`${switchId}/north/${north}`)}>${endpointAt.get(`${switchId}/south/${south}`)}`;

  const removed: Removed[] = changes.flatMap((ch) =>
    ch.remove.map((p) => ({ switchId: ch.switchId, north: p.north, south: p.south, owner: ownerOf.get(`${ch.switchId}/${p.north}/${p.south}`) ?? 'manual', used: false })),
  );
  const byPort = new Map<string, Removed[]>();
  const byLink = new Map<string, Removed[]>();
  const push = (m: Map<string, Removed[]>, k: string, r: Removed) => m.set(k, [...(m.get(k) ?? []), r]);
  for (const r of removed) {
    push(byPort, `${r.switchId}/n${r.north}`, r);
    push(byPort, `${r.switchId}/s${r.south}`, r);
    push(byLink, linkOf(r.switchId, r.north, r.south), r);
  }
  const take = (list: Removed[] | undefined) => {
    const r = list?.find((x) => !x.used);
    if (r) r.used = true;
    return r;
  };

  const inherited: Record<string, CircuitOwner> = {};
  const unmatched: { switchId: string; north: number; south: number }[] = [];
  for (const ch of changes) {
    for (const p of ch.add) {
      const r = take(byPort.get(`${ch.switchId}/n${p.north}`)) ?? take(byPort.get(`${ch.switchId}/s${p.south}`));
      if (r) inherited[`${ch.switchId}/${p.north}`] = r.owner;
      else unmatched.push({ switchId: ch.switchId, north: p.north, south: p.south });
    }
  }
  for (const a of unmatched) {
    const r = take(byLink.get(linkOf(a.switchId, a.north, a.south)));
    if (r) inherited[`${a.switchId}/${a.north}`] = r.owner;
  }
  for (const [k, owner] of Object.entries(inherited)) if (owner === REPAIR_OWNER) delete inherited[k];
  const dropped = removed.filter((r) => !r.used).map(({ switchId, north, south, owner }) => ({ switchId, north, south, owner }));
  return { inherited, dropped };
}

/**
 * ownership.removes of a repair: the owner this plan saw on each circuit it removes (manual where it
 * saw none, as inheritOwners reads it), so the claim can refuse when one changed since.
 */
export function ownersOfRemovals(changes: SwitchChange[], circuits: OwnedCircuit[]): Record<string, CircuitOwner> {
  const ownerOf = new Map(circuits.map((c) => [`${c.switchId}/${c.north}/${c.south}`, c.owner]));
  return ownersSeen(changes.flatMap((ch) => ch.remove.map((p) => ({ switchId: ch.switchId, north: p.north, owner: ownerOf.get(`${ch.switchId}/${p.north}/${p.south}`) ?? MANUAL_OWNER }))));
}
