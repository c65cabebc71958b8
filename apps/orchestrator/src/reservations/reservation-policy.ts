/**
 * The pure rules of reservations: who may preempt whom, which victims make room, what a retried
 * create must match, which holds a placement takes and what tearing it down removes. No I/O, so
 * each is pinned down by reservation-policy.spec.ts.
 */
import { createHash } from 'node:crypto';
import type { StagedChange } from '@lightpath/contracts';
import { cubeHoldField, parseHoldField, portHoldField } from '@lightpath/state';
import { diffCrossConnects, type CrossConnect } from '@lightpath/topology';
import type { OwnedCircuit } from '../topologies/plan-ownership';
import type { Reservation } from './reservation.types';

/**
 * A stable hash of a create's body: keys sorted at every level, so the same request sent by a
 * client that orders fields differently is still recognised as the same one.
 */
export function bodyHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex').slice(0, 32);
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * Policy: a request may preempt a reservation only when that reservation was created preemptible,
 * has a strictly lower priority, and holds circuits (placing or active; one already going away
 * frees its cubes anyway). Equal priorities never preempt each other, so two jobs cannot evict
 * each other back and forth.
 */
export function mayPreempt(request: { priority: number }, victim: Pick<Reservation, 'priority' | 'preemptible' | 'status'>): boolean {
  return victim.preemptible && victim.priority < request.priority && (victim.status === 'active' || victim.status === 'placing');
}

/**
 * Victims that free at least `cubesNeeded` cubes: lowest priority first, and among equals the
 * newest first (it has run least). Undefined when even all of them would not free enough: then
 * nobody is preempted for nothing.
 */
export function pickVictims(request: { priority: number }, candidates: Reservation[], cubesNeeded: number): Reservation[] | undefined {
  const eligible = candidates.filter((c) => mayPreempt(request, c)).sort((a, b) => a.priority - b.priority || b.createdAt - a.createdAt);
  const victims: Reservation[] = [];
  let freed = 0;
  for (const v of eligible) {
    if (freed >= cubesNeeded) break;
    victims.push(v);
    freed += v.cubes.length;
  }
  return freed >= cubesNeeded && victims.length > 0 ? victims : undefined;
}

/**
 * How many more cubes a slice needs, read from the planner's not-enough-free-cubes answer
 * ("needs N free healthy cubes, only M are available"); undefined when the message says otherwise.
 */
export function missingCubes(plannerMessage: string): number | undefined {
  const m = /needs (\d+) free healthy cubes, only (\d+) are available/.exec(plannerMessage);
  return m ? Math.max(1, Number(m[1]) - Number(m[2])) : undefined;
}

/** The holds a placement takes: each cube and both ports of each cross-connect (I4). */
export function holdFields(cubes: string[], crossConnects: CrossConnect[]): string[] {
  return [...cubes.map(cubeHoldField), ...crossConnects.flatMap((c) => [portHoldField(c.switchId, 'north', c.north), portHoldField(c.switchId, 'south', c.south)])];
}

/** Cube ids held by reservations other than `self`. */
export function cubesHeldByOthers(holds: Record<string, string>, self: string): string[] {
  return Object.entries(holds).flatMap(([field, holder]) => {
    const held = holder === self ? undefined : parseHoldField(field);
    return held?.kind === 'cube' ? [held.cubeId] : [];
  });
}

/** Ports other reservations hold ("port:<switch>:<n|s>:<port>" fields), as a links intent excludes them. */
export function portsHeldByOthers(holds: Record<string, string>, self: string): { switchId: string; side: 'north' | 'south'; port: number }[] {
  return Object.entries(holds).flatMap(([field, holder]) => {
    const held = holder === self ? undefined : parseHoldField(field);
    return held?.kind === 'port' ? [{ switchId: held.switchId, side: held.side, port: held.port }] : [];
  });
}

/** One change per switch removing exactly this reservation's cross-connects, nothing else (I4). */
export function teardownChanges(crossConnects: CrossConnect[]): StagedChange[] {
  return diffCrossConnects(crossConnects, []);
}

/**
 * What a reservation's teardown removes: every desired circuit it owns now (a drain or reroute may
 * have moved some; they keep their owner), and those its record lists that are still desired as
 * `manual` (set up before circuits had owners). Never another owner's circuit (I4, I8).
 */
export function circuitsToTearDown(recorded: CrossConnect[], desired: OwnedCircuit[], self: string): OwnedCircuit[] {
  const listed = new Set(recorded.map((c) => `${c.switchId}/${c.north}/${c.south}`));
  // Each keeps the owner read here: the claim refuses the teardown if it changed since (ownership.removes).
  return desired
    .filter((c) => c.owner === self || (c.owner === 'manual' && listed.has(`${c.switchId}/${c.north}/${c.south}`)))
    .map(({ switchId, north, south, owner }) => ({ switchId, north, south, owner }));
}
