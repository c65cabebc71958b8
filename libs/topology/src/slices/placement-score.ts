/**
 * Where a slice goes (issue 11 item 4): the choice among groups of cubes that can form a slice
 * together, scored so the fabric stays able to take the slices that come next.
 *
 * Why groups: on an OCS pod every cube reaches every other through each OCS (slice.planner.ts), so
 * inside one pod any free cubes are as good as any others and cannot fragment. Cubes of different
 * pods (different OCS) can never share a slice, so a fabric of several pods (the TPU v4 scheduler's
 * view: slices of one pod, many pods; docs/ocs-facts.md) is bin packing, where placement matters.
 *
 * Policies, over `free[g]` = available cubes of group g:
 * - `first-fit`: the first group (fabric order) with room, what the planner always did.
 * - `best-fit`: the group left with the fewest free cubes.
 * - `fragmentation-aware`: the group whose free cubes lose the least room for the expected mix of
 *   future slices: loss = sum over sizes s of weight_s x cubes_s x (slices of s the group could host
 *   before - after); ties best-fit, then fabric order. Twist-aware in the only way a twist matters
 *   on an OCS pod: a twisted shape needs exactly the cubes of the plain one (the OCS wires the
 *   twist), so the mix is by cube count and a size's twisted and plain variants add their weights.
 * - `lease-aware` (default): the group whose release time (the latest lease end of the slices on
 *   it) grows least when this slice's lease end is added, so slices that end together share a pod
 *   and pods come free whole, for the large slices that need them; an empty group costs most, a
 *   group with circuits of unknown end (not a lease) costs nothing; ties best-fit, then fabric
 *   order. Without the slice's lease end it is first-fit.
 * `npm run bench:placement` measures them (docs/benchmarks.md): on seeded traces, lease-aware cuts
 * queue waits against first-fit; best-fit and fragmentation-aware do not beat first-fit.
 *
 * Pure and O(groups x shapes) per choice.
 */

export type PlacementPolicy = 'first-fit' | 'best-fit' | 'fragmentation-aware' | 'lease-aware';

export const PLACEMENT_POLICIES: readonly PlacementPolicy[] = ['first-fit', 'best-fit', 'fragmentation-aware', 'lease-aware'];

/** A future slice size (whole cubes) and how often it is expected, any scale. */
export interface ShapeWeight {
  cubes: number;
  weight: number;
}

/**
 * Default mix of future slices by cube count: the TPU v4 slice shapes from one cube (4x4x4) to the
 * whole pod (16x16x16) listed in docs/ocs-facts.md, each doubling of size half as many slices (no
 * public source we found gives the real mix; see docs/benchmarks.md, slice placement).
 */
export const DEFAULT_SHAPE_MIX: readonly ShapeWeight[] = [
  { cubes: 1, weight: 32 },
  { cubes: 2, weight: 16 },
  { cubes: 4, weight: 8 },
  { cubes: 8, weight: 4 },
  { cubes: 16, weight: 2 },
  { cubes: 32, weight: 1 },
  { cubes: 64, weight: 0.5 },
];

export interface GroupChoiceOptions {
  policy?: PlacementPolicy;
  /** fragmentation-aware: the expected mix; default DEFAULT_SHAPE_MIX. */
  mix?: readonly ShapeWeight[];
  /** lease-aware: when this slice's lease ends (any clock, the same as releaseAt). */
  endsAt?: number;
  /** lease-aware: per group, the latest lease end of its busy cubes; undefined = empty group, Infinity = circuits of unknown end. */
  releaseAt?: readonly (number | undefined)[];
}

/** Cubes of room for future slices that taking `needed` cubes from a group with `free` loses. */
export function fragmentationLoss(free: number, needed: number, mix: readonly ShapeWeight[] = DEFAULT_SHAPE_MIX): number {
  let loss = 0;
  for (const s of mix) loss += s.weight * s.cubes * (Math.floor(free / s.cubes) - Math.floor((free - needed) / s.cubes));
  return loss;
}

/** How much a group's release time grows when a slice ending at `endsAt` joins it (Infinity for an empty group). */
export function leaseCost(endsAt: number, releaseAt: number | undefined): number {
  return releaseAt === undefined ? Infinity : Math.max(0, endsAt - releaseAt);
}

/** Index of the group to place `needed` cubes in, or -1 when no group has room. */
export function chooseCubeGroup(free: readonly number[], needed: number, options: GroupChoiceOptions = {}): number {
  let policy = options.policy ?? 'lease-aware';
  if (policy === 'lease-aware' && options.endsAt === undefined) policy = 'first-fit';
  let best = -1;
  let bestCost = Infinity;
  for (let g = 0; g < free.length; g++) {
    if (free[g] < needed) continue;
    if (policy === 'first-fit') return g;
    const cost =
      policy === 'fragmentation-aware'
        ? fragmentationLoss(free[g], needed, options.mix)
        : policy === 'lease-aware'
          ? leaseCost(options.endsAt!, options.releaseAt?.[g])
          : 0;
    // Strictly cheaper, or as cheap and a tighter fit (best-fit); fabric order breaks the rest.
    const tie = cost === bestCost || Math.abs(cost - bestCost) <= 1e-9;
    if (best < 0 || (!tie && cost < bestCost) || (tie && free[g] < free[best])) {
      best = g;
      bestCost = cost;
    }
  }
  return best;
}
